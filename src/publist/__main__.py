from publist.cli.app import main

main()
