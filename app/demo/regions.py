"""Static facts for the demo regions: real gemeenten, plausible councils.

Codes are the CBS gemeentecodes (GMxxxx) of the current municipal division (unchanged for these 44
gemeenten through 2026). Populations are rounded approximations of the CBS figures for 1 January 2025.
The fracties and their seats are plausible, not the actual election results: party names are real
national parties or invented local parties, and the seats add up to the council size that
Gemeentewet art. 8 gives for the population (see ``raadsgrootte``).

``vergaderdag`` is the usual weekday of the raad; ``gebouw`` names the building the raad meets in.
"""

# Gemeentewet art. 8: (upper bound of inhabitants, number of council seats), in ascending order.
RAADSGROOTTE = (
    (3_000, 9),
    (6_000, 11),
    (10_000, 13),
    (15_000, 15),
    (20_000, 17),
    (25_000, 19),
    (30_000, 21),
    (35_000, 23),
    (40_000, 25),
    (45_000, 27),
    (50_000, 29),
    (60_000, 31),
    (70_000, 33),
    (80_000, 35),
    (100_000, 37),
    (200_000, 39),
)
RAADSGROOTTE_MAX = 45


def raadsgrootte(inwoners: int) -> int:
    """Number of council seats for a population (Gemeentewet art. 8)."""
    for bovengrens, zetels in RAADSGROOTTE:
        if inwoners <= bovengrens:
            return zetels
    return RAADSGROOTTE_MAX


def _g(code, naam, slug, provincie, inwoners, vergaderdag, fracties, gebouw="Gemeentehuis"):
    return {
        "code": code,
        "naam": naam,
        "slug": slug,
        "provincie": provincie,
        "inwoners": inwoners,
        "vergaderdag": vergaderdag,
        "fracties": [{"naam": naam_f, "zetels": zetels} for naam_f, zetels in fracties],
        "gebouw": gebouw,
    }


NB = "Noord-Brabant"
ZH = "Zuid-Holland"
UT = "Utrecht"

# fmt: off
MRE = [
    _g("GM0743", "Asten", "asten", NB, 17_300, "donderdag", [
        ("Ons Asten", 6), ("CDA", 4), ("Dorpsbelang Asten", 3), ("VVD", 2), ("GroenLinks-PvdA", 2)]),
    _g("GM1724", "Bergeijk", "bergeijk", NB, 19_100, "dinsdag", [
        ("Gemeentebelangen Bergeijk", 6), ("CDA", 4), ("Leefbaar Bergeijk", 3), ("VVD", 2), ("D66", 1),
        ("GroenLinks-PvdA", 1)]),
    _g("GM0753", "Best", "best", NB, 31_200, "dinsdag", [
        ("Gemeentebelangen Best", 6), ("VVD", 4), ("D66", 4), ("CDA", 3), ("GroenLinks-PvdA", 3),
        ("Best Lokaal", 2), ("Senioren Best", 1)]),
    _g("GM1728", "Bladel", "bladel", NB, 21_000, "donderdag", [
        ("Lokaal Bladel", 6), ("CDA", 5), ("VVD", 3), ("GroenLinks-PvdA", 2), ("D66", 2),
        ("Dorpsgemeenschap Hapert", 1)]),
    _g("GM1706", "Cranendonck", "cranendonck", NB, 21_300, "dinsdag", [
        ("Cranendonck Actief", 5), ("CDA", 4), ("VVD", 3), ("Dorpsbelangen Cranendonck", 3),
        ("GroenLinks-PvdA", 2), ("D66", 2)]),
    _g("GM0762", "Deurne", "deurne", NB, 33_400, "donderdag", [
        ("Lokaal Deurne", 6), ("CDA", 5), ("VVD", 3), ("Deurne Samen", 3), ("GroenLinks-PvdA", 3),
        ("D66", 2), ("BBB", 1)]),
    _g("GM0770", "Eersel", "eersel", NB, 20_300, "dinsdag", [
        ("Eersel Lokaal", 6), ("CDA", 5), ("VVD", 3), ("Leefbaar Eersel", 2), ("GroenLinks-PvdA", 2),
        ("D66", 1)]),
    _g("GM0772", "Eindhoven", "eindhoven", NB, 249_000, "dinsdag", [
        ("GroenLinks-PvdA", 13), ("VVD", 8), ("D66", 6), ("CDA", 4), ("Lokaal Eindhoven", 4), ("SP", 3),
        ("50PLUS", 3), ("Partij voor de Dieren", 2), ("Volt", 2)], gebouw="Stadhuis"),
    _g("GM1771", "Geldrop-Mierlo", "geldrop-mierlo", NB, 40_300, "dinsdag", [
        ("Leefbaar Geldrop-Mierlo", 7), ("CDA", 5), ("VVD", 4), ("GroenLinks-PvdA", 4), ("D66", 3),
        ("Samen Mierlo", 2), ("SP", 2)]),
    _g("GM1652", "Gemert-Bakel", "gemert-bakel", NB, 31_900, "donderdag", [
        ("Dorpsbelang Gemert-Bakel", 6), ("CDA", 6), ("VVD", 3), ("Lokaal Gemert-Bakel", 3),
        ("GroenLinks-PvdA", 3), ("BBB", 2)]),
    _g("GM1658", "Heeze-Leende", "heeze-leende", NB, 16_700, "dinsdag", [
        ("Leefbaar Heeze-Leende", 5), ("CDA", 4), ("VVD", 3), ("GroenLinks-PvdA", 2), ("D66", 2),
        ("Lokaal Leende", 1)]),
    _g("GM0794", "Helmond", "helmond", NB, 95_800, "donderdag", [
        ("Helder Helmond", 8), ("VVD", 6), ("CDA", 5), ("GroenLinks-PvdA", 5), ("Helmond Aktief", 4),
        ("D66", 3), ("SP", 3), ("Senioren Helmond", 2), ("Volt", 1)], gebouw="Stadhuis"),
    _g("GM1659", "Laarbeek", "laarbeek", NB, 23_400, "donderdag", [
        ("Dorpsbelang Laarbeek", 6), ("CDA", 5), ("Leefbaar Laarbeek", 3), ("VVD", 2),
        ("GroenLinks-PvdA", 2), ("D66", 1)]),
    _g("GM0820", "Nuenen c.a.", "nuenen-ca", NB, 23_700, "dinsdag", [
        ("W70", 5), ("VVD", 4), ("CDA", 3), ("D66", 3), ("GroenLinks-PvdA", 2), ("Nuenen Lokaal", 2)]),
    _g("GM0823", "Oirschot", "oirschot", NB, 19_600, "donderdag", [
        ("Oirschot Lokaal", 6), ("CDA", 5), ("VVD", 3), ("Progressief Oirschot", 2), ("D66", 1)]),
    _g("GM1667", "Reusel-De Mierden", "reusel-de-mierden", NB, 13_900, "dinsdag", [
        ("Dorpslijst Reusel-De Mierden", 6), ("CDA", 5), ("VVD", 2), ("GroenLinks-PvdA", 2)]),
    _g("GM0847", "Someren", "someren", NB, 19_900, "dinsdag", [
        ("Lokaal Someren", 5), ("CDA", 4), ("Dorpsbelang Someren", 3), ("VVD", 3), ("GroenLinks-PvdA", 2)]),
    _g("GM0848", "Son en Breugel", "son-en-breugel", NB, 17_900, "donderdag", [
        ("Dorpsbelang Son en Breugel", 5), ("VVD", 4), ("CDA", 3), ("D66", 2), ("GroenLinks-PvdA", 2),
        ("Lokaal Breugel", 1)]),
    _g("GM0858", "Valkenswaard", "valkenswaard", NB, 31_700, "donderdag", [
        ("Gemeentebelangen Valkenswaard", 6), ("VVD", 4), ("CDA", 4), ("Lokaal Valkenswaard", 3),
        ("GroenLinks-PvdA", 3), ("D66", 2), ("Senioren Valkenswaard", 1)]),
    _g("GM0861", "Veldhoven", "veldhoven", NB, 47_300, "dinsdag", [
        ("VVD", 6), ("Gemeentebelangen Veldhoven", 6), ("Senioren Veldhoven", 4), ("CDA", 3),
        ("GroenLinks-PvdA", 3), ("D66", 3), ("Lokaal Veldhoven", 2), ("BBB", 2)]),
    _g("GM0866", "Waalre", "waalre", NB, 17_900, "dinsdag", [
        ("Gemeentebelangen Waalre", 5), ("VVD", 4), ("CDA", 3), ("D66", 3), ("Progressief Waalre", 2)]),
]

DRECHTSTEDEN = [
    _g("GM0505", "Dordrecht", "dordrecht", ZH, 121_800, "donderdag", [
        ("GroenLinks-PvdA", 7), ("VVD", 7), ("Beter voor Dordrecht", 7), ("D66", 4), ("CDA", 3), ("SP", 3),
        ("ChristenUnie/SGP", 3), ("PVV", 3), ("Partij voor de Dieren", 2)], gebouw="Stadhuis"),
    _g("GM0642", "Zwijndrecht", "zwijndrecht", ZH, 45_400, "donderdag", [
        ("Zwijndrecht Lokaal", 6), ("VVD", 5), ("CDA", 4), ("GroenLinks-PvdA", 4), ("D66", 3),
        ("ChristenUnie", 3), ("SGP", 2), ("Leefbaar Zwijndrecht", 2)]),
    _g("GM0590", "Papendrecht", "papendrecht", ZH, 32_600, "donderdag", [
        ("VVD", 5), ("Lokaal Papendrecht", 4), ("CDA", 4), ("SGP", 3), ("ChristenUnie", 3),
        ("GroenLinks-PvdA", 2), ("D66", 2)]),
    _g("GM0531", "Hendrik-Ido-Ambacht", "hendrik-ido-ambacht", ZH, 32_300, "dinsdag", [
        ("Lokaal Belang Ambacht", 6), ("VVD", 4), ("ChristenUnie", 4), ("SGP", 3), ("CDA", 3),
        ("GroenLinks-PvdA", 2), ("D66", 1)]),
    _g("GM0610", "Sliedrecht", "sliedrecht", ZH, 26_000, "dinsdag", [
        ("Echt voor Sliedrecht", 5), ("SGP", 4), ("ChristenUnie", 4), ("CDA", 3), ("VVD", 3),
        ("GroenLinks-PvdA", 2)]),
    _g("GM0482", "Alblasserdam", "alblasserdam", ZH, 21_000, "dinsdag", [
        ("CDA", 4), ("SGP", 3), ("ChristenUnie", 3), ("VVD", 3), ("Lokaal Alblasserdam", 3),
        ("GroenLinks-PvdA", 2), ("D66", 1)]),
    _g("GM0523", "Hardinxveld-Giessendam", "hardinxveld-giessendam", ZH, 18_900, "dinsdag", [
        ("SGP", 5), ("ChristenUnie", 4), ("CDA", 3), ("VVD", 2),
        ("Gemeentebelangen Hardinxveld-Giessendam", 2), ("GroenLinks-PvdA", 1)]),
]

U16 = [
    _g("GM0312", "Bunnik", "bunnik", UT, 16_300, "dinsdag", [
        ("Dorpsbelang Bunnik", 5), ("VVD", 3), ("CDA", 3), ("GroenLinks-PvdA", 3), ("D66", 2),
        ("ChristenUnie", 1)]),
    _g("GM0310", "De Bilt", "de-bilt", UT, 44_200, "donderdag", [
        ("GroenLinks-PvdA", 6), ("VVD", 5), ("D66", 4), ("Leefbaar De Bilt", 4), ("CDA", 3),
        ("ChristenUnie", 2), ("BBB", 2), ("Partij voor de Dieren", 1)]),
    _g("GM0736", "De Ronde Venen", "de-ronde-venen", UT, 45_600, "dinsdag", [
        ("Ronde Venen Belang", 8), ("CDA", 5), ("VVD", 5), ("GroenLinks-PvdA", 4), ("D66", 3),
        ("Hart voor De Ronde Venen", 2), ("ChristenUnie", 2)]),
    _g("GM0321", "Houten", "houten", UT, 50_900, "dinsdag", [
        ("VVD", 6), ("GroenLinks-PvdA", 6), ("D66", 5), ("ChristenUnie", 4), ("Lokaal Houten", 4),
        ("CDA", 3), ("Partij voor de Dieren", 2), ("SP", 1)]),
    _g("GM0353", "IJsselstein", "ijsselstein", UT, 34_600, "donderdag", [
        ("Lokaal IJsselstein", 5), ("VVD", 4), ("GroenLinks-PvdA", 4), ("CDA", 3), ("D66", 3),
        ("ChristenUnie", 2), ("SP", 2)]),
    _g("GM0331", "Lopik", "lopik", UT, 14_800, "dinsdag", [
        ("SGP", 4), ("CDA", 4), ("Lokaal Lopik", 3), ("VVD", 2), ("ChristenUnie", 2)]),
    _g("GM0335", "Montfoort", "montfoort", UT, 14_100, "donderdag", [
        ("Lokaal Montfoort", 5), ("CDA", 4), ("VVD", 3), ("GroenLinks-PvdA", 2), ("SGP", 1)]),
    _g("GM0356", "Nieuwegein", "nieuwegein", UT, 66_000, "donderdag", [
        ("GroenLinks-PvdA", 7), ("VVD", 6), ("Nieuwegeins Belang", 5), ("D66", 4), ("CDA", 3), ("SP", 3),
        ("ChristenUnie", 2), ("Partij voor de Dieren", 2), ("Volt", 1)]),
    _g("GM0589", "Oudewater", "oudewater", UT, 10_700, "dinsdag", [
        ("Stadsbelang Oudewater", 4), ("CDA", 4), ("VVD", 3), ("ChristenUnie/SGP", 2),
        ("GroenLinks-PvdA", 2)]),
    _g("GM1904", "Stichtse Vecht", "stichtse-vecht", UT, 66_500, "dinsdag", [
        ("Lokaal Belang Stichtse Vecht", 7), ("VVD", 6), ("GroenLinks-PvdA", 5), ("CDA", 4), ("D66", 4),
        ("Stichtse Vecht Samen", 3), ("ChristenUnie", 2), ("PVV", 2)]),
    _g("GM0344", "Utrecht", "utrecht", UT, 374_000, "donderdag", [
        ("GroenLinks-PvdA", 14), ("D66", 7), ("VVD", 6), ("Partij voor de Dieren", 4), ("Volt", 4),
        ("Student & Starter", 3), ("CDA", 3), ("SP", 2), ("ChristenUnie", 2)], gebouw="Stadhuis"),
    _g("GM1581", "Utrechtse Heuvelrug", "utrechtse-heuvelrug", UT, 50_600, "donderdag", [
        ("VVD", 6), ("CDA", 5), ("GroenLinks-PvdA", 5), ("Lokaal Heuvelrug", 5), ("D66", 4),
        ("ChristenUnie", 3), ("SGP", 2), ("BBB", 1)]),
    _g("GM1961", "Vijfheerenlanden", "vijfheerenlanden", UT, 59_200, "dinsdag", [
        ("SGP", 5), ("CDA", 5), ("VVD", 5), ("Lokaal Vijfheerenlanden", 5), ("ChristenUnie", 4),
        ("GroenLinks-PvdA", 4), ("D66", 3)]),
    _g("GM0352", "Wijk bij Duurstede", "wijk-bij-duurstede", UT, 24_200, "dinsdag", [
        ("Lokaal Wijk", 5), ("VVD", 3), ("CDA", 3), ("GroenLinks-PvdA", 3), ("D66", 2), ("ChristenUnie", 2),
        ("Wijkse Dorpen", 1)]),
    _g("GM0632", "Woerden", "woerden", UT, 53_600, "donderdag", [
        ("Progressief Woerden", 7), ("VVD", 6), ("CDA", 5), ("D66", 4), ("ChristenUnie-SGP", 4),
        ("Lokaal Woerden", 4), ("Partij voor de Dieren", 1)]),
    _g("GM0355", "Zeist", "zeist", UT, 66_800, "dinsdag", [
        ("GroenLinks-PvdA", 7), ("VVD", 6), ("D66", 5), ("Zeister Belang", 4), ("CDA", 3),
        ("Seniorenpartij Zeist", 3), ("ChristenUnie", 2), ("SP", 2), ("Volt", 1)]),
]
# fmt: on

# Region settings used by build.py. Recess and meeting rhythms are plausible defaults, varied per region
# (Noord-Brabant follows carnaval for its spring break, as its schools do). ``termijnen`` are terms the regeling
# sets itself (app.planning.pc.Termijnen); ``gelijke_dagen`` the same-day evenings of a gelijke-dag region.
REGIONS = {
    "mre": {
        "naam": "Metropoolregio Eindhoven",
        "vorm": "openbaar_lichaam",
        "synchronisatie": "raadstafel",
        "gemeenten": MRE,
        "bijdrage_per_inwoner": 3.85,
        "voorjaarsreces": "carnaval",
        "zomerreces_start": 11,  # day in July near which the summer recess starts
        "zomerreces_weken": 7,
        "herfstreces_week": 42,
        "centrumgemeente": "GM0772",
        # stricter than the law's 12 weeks (Wgr art. 35 lid 1): the councils get the ontwerpbegroting earlier
        "termijnen": {"ontwerpbegroting_weken": 14},
    },
    "drechtsteden": {
        "naam": "Drechtsteden",
        "vorm": "openbaar_lichaam",
        "synchronisatie": "carrousel",
        "gemeenten": DRECHTSTEDEN,
        "bijdrage_per_inwoner": 11.40,
        "voorjaarsreces": 9,  # ISO week
        "zomerreces_start": 4,
        "zomerreces_weken": 7,
        "herfstreces_week": 43,
        "centrumgemeente": "GM0505",
    },
    "u16": {
        "naam": "U16",
        "vorm": "gemeenschappelijk_orgaan",  # one body of its own (the bestuur), no legal person
        "synchronisatie": "gelijke_dag",
        "gemeenten": U16,
        "bijdrage_per_inwoner": 2.15,
        "voorjaarsreces": 8,
        "zomerreces_start": 18,
        "zomerreces_weken": 6,
        "herfstreces_week": 43,
        "centrumgemeente": "GM0344",
        # the evenings agreed for same-day deliberation: the first free Tuesday from these (month, day)
        "gelijke_dagen": ((6, 8), (11, 8)),
        "gelijke_dag_weekdag": "dinsdag",
    },
}
