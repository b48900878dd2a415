"""The words of venues that the classification rules (venues.py) look for: conference
acronyms and full names, proceedings published as journals or series, journals called
Proceedings, workshops, preprint servers, posters (pure data)."""

from __future__ import annotations

CONFERENCE_ACRONYMS = """NeurIPS NIPS ICML ICLR AAAI IJCAI AISTATS UAI COLT KDD SIGKDD WSDM WWW CIKM
    SIGIR ICDM SDM RecSys CVPR ICCV ECCV WACV BMVC ACCV MICCAI ICPR ICIP ICASSP INTERSPEECH ACL
    EMNLP NAACL EACL COLING CoNLL LREC AACL CHI UIST CSCW DIS TEI IUI MobileHCI NIME ISMIR ICMC
    SIGGRAPH EUROGRAPHICS SIGMOD VLDB ICDE EDBT ICDT PODS CIDR OSDI SOSP NSDI EuroSys FAST ASPLOS
    ISCA HPCA MLSys SysML SoCC Middleware ICDCS IPDPS PPoPP HPDC SIGCOMM INFOCOM MobiCom MobiSys
    SenSys IPSN EWSN CoNEXT IMC GLOBECOM ICC WCNC VTC CCNC PIMRC ISCC LCN CCS NDSS ACSAC RAID
    ESORICS AsiaCCS PLDI POPL OOPSLA ICFP ECOOP CGO ICSE FSE ESEC ASE ISSTA ICSME SANER MSR STOC
    FOCS SODA ICALP STACS MFCS SPIRE CPM DCC LICS CAV TACAS RECOMB ISMB ISWC ESWC EKAW SEMANTiCS
    HICSS ICCS ICAT DAC ICCAD ISSCC ECML PKDD ICRA IROS CoRL HRI CRYPTO EUROCRYPT ASIACRYPT""".split()
# Left out on purpose: words that are also plain words or journals (SC, CC, ATC, ESA, DATE, MICRO).
ACRONYMS = frozenset(CONFERENCE_ACRONYMS)
CONFERENCE_NAMES = (
    r"neural information processing systems|international conference on (machine|learning) "
    r"|computer vision and pattern recognition|international conference on computer vision"
    r"|european conference on computer vision|association for computational linguistics"
    r"|empirical methods in natural language processing|human factors in computing systems"
    r"|user interface software and technology|knowledge discovery and data mining"
    r"|the web conference|world wide web conference|very large data bases|management of data"
    r"|string processing and information retrieval|combinatorial pattern matching"
    r"|research in computational molecular biology|computer aided verification"
    r"|medical image computing and computer.assisted intervention|advances in cryptology"
    r"|\s[–—]\s*[A-Z][A-Za-z&+\-]+(?:\s[A-Z][A-Za-z]+)?\s+(?:19|20)\d\d\b"  # Algorithms – ESA 2006
)
PROCEEDINGS_SERIES = (  # proceedings published as a journal or a book series
    r"proceedings of the vldb endowment|\bpvldb\b|\bproc\.? vldb endow|proceedings of the acm on \w+"
    r"|\bpacm\w*\b|\bpomacs\b|\bproc\. acm \w+|\bprocedia\b|advances in neural information processing"
    r"|proceedings of machine learning research|\bpmlr\b|\blipics\b|leibniz international proceedings"
    r"|lecture notes in (computer science|artificial intelligence|networks|electrical engineering)"
    r"|\blncs\b|\blnai\b|conference series\b|w&cp|workshop and conference proceedings"
    r"|advances in intelligent systems and computing|communications in computer and information"
    r"|ifip advances in|\bspie\b|ifac-papersonline|findings of (the )?(acl|emnlp|naacl|association)"
)
JOURNALS_NAMED_PROCEEDINGS = (
    r"\bpnas\b|proceedings of the (national academy|royal society|ieee\s*(?:$|[,.;(|]))"
    r"|\bproc\.? (natl|national)\.? acad|\bproc\.? ieee\s*(?:$|[,.;(|])|\bproc\.? r(oy)?\.? soc\b"
    r"|transactions of the association for computational"
    r"|proceedings of the (?:(?!conference|meeting|symposi|workshop|congress)[a-z'&,.-]+ ){0,5}"
    r"(society|societies|institution|academy|association)\b"
    r"(?!.*\b(conference|meeting|symposi|congress|workshop|annual)\w*\b)"
)
WORKSHOPS = (
    r"workshops?\b(?! and conference proceedings)|\bwkshps?\b|\bhot topics in\b"
    r"|\bstudios?\b|\bhot(os|nets|cloud|storage|mobile|edge|sdn|carbon|sec|power|metrics|swup|dep)\b"
    r"|\bsysml workshop|systems for (ml|machine learning)\b|\bml ?sys(tems)? workshop|\bws\b"
)
PREPRINT_SERVERS = (
    r"\barxiv\b|\bcorr\b|biorxiv|medrxiv|chemrxiv|\bssrn\b|\bpreprints?\b|research ?square|techrxiv"
    r"|psyarxiv|osf preprints|\beprint arch|electron\. colloquium comput\. complex"
    r"|electronic colloquium on computational complexity|\beccc\b"
)
POSTERS = (
    r"\bposters?\b|extended (proceedings|abstracts?)|late[- ]breaking|work[- ]in[- ]progress|\bwip\b"
    r"|student abstracts?|\badjunct\b"
)
NOT_PAPERS = (
    r"doctoral (consortium|symposium|colloquium)|\bphd (forum|symposium|colloquium)|\btutorials?\b"
)
