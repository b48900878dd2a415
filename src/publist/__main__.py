from publist.cli import main

main()
