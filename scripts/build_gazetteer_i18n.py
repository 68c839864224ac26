"""Rebuild articles/extraction/data/gazetteer_i18n.json: country names, demonyms and cities in
German, French, Spanish, Italian, Portuguese and Dutch, for the country tagger (countries.py).

Build-time only (the app reads the JSON), with the project's own venv (Babel is a requirement)::

    .venv/bin/python scripts/build_gazetteer_i18n.py

Run it after scripts/build_gazetteer.py: entries the English gazetteer already has (same surface,
same country) are left to it, with its disambiguation flags.

Sources (also written into the JSON under "_provenance"):
- Unicode CLDR through Babel 2.18.0 (Unicode License v3): each language's country names
  (``Locale.territories``), language names (used as the adjective of the country whose language
  it is: "französisch", "allemand", "olandese"), and the exemplar cities of the time zones
  ("Wien", "Londres", "Lissabon") with their territory.
- The curated tables below, written for this project: demonym stems of countries that have no
  language of their own, exonyms of big cities that CLDR does not list, common short names
  ("USA", "Holland"), and each language's determiners. Inflections (German genitive "-s",
  adjective endings, Romance gender and number) come from the suffix rules in ``inflect``.

Entry format: ``"languages": {"de": {"body": [[surface, code, kind, flags], ...], "determiners":
[...], "names": {code: name}}}``; kinds and flags as in gazetteer.json (build_gazetteer.py).
countries.py uses a language's entries, together with the English ones, for articles in that
language, and its determiners to tell a town from a common noun ("das Essen", "no Natal").
Measured, and rejected: flagging entries that are among a language's commonest words (wordfreq)
- city names are common words of news too ("Hamburg", "Bordeaux" rank like "Essen", "Natal").
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from babel import Locale
from babel.core import get_global

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "articles/extraction/data/gazetteer_i18n.json"
ENGLISH = ROOT / "articles/extraction/data/gazetteer.json"
LANGUAGES = ("de", "fr", "es", "it", "pt", "nl")

# Languages whose CLDR name doubles as the adjective of one country (in every target language).
# English, Arabic, Spanish-as-Latin-America and Persian are left out: their adjective says little
# about one country ("englisch" is a language far more often than Britain).
LANGUAGE_COUNTRY = {
    "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "pt": "PT", "nl": "NL", "ru": "RU", "zh": "CN",
    "ja": "JP", "ko": "KR", "tr": "TR", "pl": "PL", "el": "GR", "sv": "SE", "no": "NO", "da": "DK",
    "fi": "FI", "hu": "HU", "cs": "CZ", "sk": "SK", "ro": "RO", "bg": "BG", "uk": "UA", "hr": "HR",
    "sr": "RS", "vi": "VN", "id": "ID", "th": "TH", "sl": "SI", "lt": "LT", "lv": "LV", "et": "EE",
    "is": "IS", "sq": "AL", "ka": "GE", "hy": "AM",
}  # fmt: skip

# fmt: off
# Demonym adjectives (masculine singular, lower case; Dutch capitalised as Dutch writes them) of
# countries whose adjective is not a language name. Written for this project.
DEMONYMS: dict[str, dict[str, str]] = {
    "de": {
        "US": "amerikanisch", "GB": "britisch", "AT": "österreichisch", "CH": "schweizerisch",
        "BE": "belgisch", "IE": "irisch", "MA": "marokkanisch", "MX": "mexikanisch",
        "BR": "brasilianisch", "AR": "argentinisch", "CA": "kanadisch", "AU": "australisch",
        "IN": "indisch", "EG": "ägyptisch", "IL": "israelisch", "SY": "syrisch", "IQ": "irakisch",
        "IR": "iranisch", "SA": "saudisch", "NG": "nigerianisch", "ZA": "südafrikanisch",
        "PK": "pakistanisch", "AF": "afghanisch", "CO": "kolumbianisch", "VE": "venezolanisch",
        "CL": "chilenisch", "PE": "peruanisch", "CU": "kubanisch", "DZ": "algerisch",
        "TN": "tunesisch", "LY": "libysch", "LB": "libanesisch", "JO": "jordanisch",
        "KE": "kenianisch", "ET": "äthiopisch", "YE": "jemenitisch", "PS": "palästinensisch",
        "BY": "belarussisch", "NZ": "neuseeländisch", "PH": "philippinisch", "KP": "nordkoreanisch",
        "KR": "südkoreanisch", "TW": "taiwanisch", "MY": "malaysisch", "BD": "bangladeschisch",
        "LU": "luxemburgisch", "QA": "katarisch", "SD": "sudanesisch", "ML": "malisch",
        "SN": "senegalesisch", "GH": "ghanaisch", "CD": "kongolesisch", "UA": "ukrainisch",
    },
    "fr": {
        "US": "américain", "GB": "britannique", "AT": "autrichien", "CH": "suisse",
        "BE": "belge", "IE": "irlandais", "MA": "marocain", "MX": "mexicain", "BR": "brésilien",
        "AR": "argentin", "CA": "canadien", "AU": "australien", "IN": "indien", "EG": "égyptien",
        "IL": "israélien", "SY": "syrien", "IQ": "irakien", "IR": "iranien", "SA": "saoudien",
        "NG": "nigérian", "ZA": "sud-africain", "PK": "pakistanais", "AF": "afghan",
        "CO": "colombien", "VE": "vénézuélien", "CL": "chilien", "PE": "péruvien", "CU": "cubain",
        "DZ": "algérien", "TN": "tunisien", "LY": "libyen", "LB": "libanais", "JO": "jordanien",
        "KE": "kényan", "ET": "éthiopien", "YE": "yéménite", "PS": "palestinien",
        "BY": "biélorusse", "NZ": "néo-zélandais", "PH": "philippin", "KP": "nord-coréen",
        "KR": "sud-coréen", "TW": "taïwanais", "MY": "malaisien", "BD": "bangladais",
        "LU": "luxembourgeois", "QA": "qatari", "SD": "soudanais", "ML": "malien",
        "SN": "sénégalais", "GH": "ghanéen", "CD": "congolais", "FI": "finlandais",
        "TR": "turc", "GR": "grec",
    },
    "es": {
        "US": "estadounidense", "GB": "británico", "AT": "austriaco", "CH": "suizo",
        "BE": "belga", "IE": "irlandés", "MA": "marroquí", "MX": "mexicano", "BR": "brasileño",
        "AR": "argentino", "CA": "canadiense", "AU": "australiano", "IN": "indio", "EG": "egipcio",
        "IL": "israelí", "SY": "sirio", "IQ": "iraquí", "IR": "iraní", "SA": "saudí",
        "NG": "nigeriano", "ZA": "sudafricano", "PK": "pakistaní", "AF": "afgano",
        "CO": "colombiano", "VE": "venezolano", "CL": "chileno", "PE": "peruano", "CU": "cubano",
        "DZ": "argelino", "TN": "tunecino", "LY": "libio", "LB": "libanés", "JO": "jordano",
        "KE": "keniano", "ET": "etíope", "YE": "yemení", "PS": "palestino", "BY": "bielorruso",
        "NZ": "neozelandés", "PH": "filipino", "KP": "norcoreano", "KR": "surcoreano",
        "TW": "taiwanés", "MY": "malasio", "BD": "bangladesí", "LU": "luxemburgués",
        "QA": "catarí", "SD": "sudanés", "ML": "maliense", "SN": "senegalés", "GH": "ghanés",
        "CD": "congoleño", "EC": "ecuatoriano", "BO": "boliviano", "UY": "uruguayo",
        "PY": "paraguayo", "GT": "guatemalteco", "HN": "hondureño", "NI": "nicaragüense",
        "SV": "salvadoreño", "CR": "costarricense", "PA": "panameño", "DO": "dominicano",
        "FI": "finlandés",
    },
    "it": {
        "US": "statunitense", "GB": "britannico", "AT": "austriaco", "CH": "svizzero",
        "BE": "belga", "IE": "irlandese", "MA": "marocchino", "MX": "messicano",
        "BR": "brasiliano", "AR": "argentino", "CA": "canadese", "AU": "australiano",
        "IN": "indiano", "EG": "egiziano", "IL": "israeliano", "SY": "siriano", "IQ": "iracheno",
        "IR": "iraniano", "SA": "saudita", "NG": "nigeriano", "ZA": "sudafricano",
        "PK": "pakistano", "AF": "afghano", "CO": "colombiano", "VE": "venezuelano",
        "CL": "cileno", "PE": "peruviano", "CU": "cubano", "DZ": "algerino", "TN": "tunisino",
        "LY": "libico", "LB": "libanese", "JO": "giordano", "KE": "keniota", "ET": "etiope",
        "YE": "yemenita", "PS": "palestinese", "BY": "bielorusso", "NZ": "neozelandese",
        "PH": "filippino", "KP": "nordcoreano", "KR": "sudcoreano", "TW": "taiwanese",
        "MY": "malese", "BD": "bengalese", "LU": "lussemburghese", "QA": "qatariota",
        "SD": "sudanese", "ML": "maliano", "SN": "senegalese", "GH": "ghanese",
        "CD": "congolese", "FI": "finlandese",
    },
    "pt": {
        "US": "americano", "GB": "britânico", "AT": "austríaco", "CH": "suíço", "BE": "belga",
        "IE": "irlandês", "MA": "marroquino", "MX": "mexicano", "BR": "brasileiro",
        "AR": "argentino", "CA": "canadense", "AU": "australiano", "IN": "indiano",
        "EG": "egípcio", "IL": "israelense", "SY": "sírio", "IQ": "iraquiano", "IR": "iraniano",
        "SA": "saudita", "NG": "nigeriano", "ZA": "sul-africano", "PK": "paquistanês",
        "AF": "afegão", "CO": "colombiano", "VE": "venezuelano", "CL": "chileno",
        "PE": "peruano", "CU": "cubano", "DZ": "argelino", "TN": "tunisiano", "LY": "líbio",
        "LB": "libanês", "JO": "jordaniano", "KE": "queniano", "ET": "etíope", "YE": "iemenita",
        "PS": "palestino", "BY": "bielorrusso", "NZ": "neozelandês", "PH": "filipino",
        "KP": "norte-coreano", "KR": "sul-coreano", "TW": "taiwanês", "MY": "malaio",
        "BD": "bengali", "LU": "luxemburguês", "QA": "catariano", "SD": "sudanês",
        "ML": "malinês", "SN": "senegalês", "GH": "ganês", "CD": "congolês", "AO": "angolano",
        "MZ": "moçambicano", "CV": "cabo-verdiano", "FI": "finlandês", "UY": "uruguaio",
    },
    "nl": {
        "US": "Amerikaans", "GB": "Brits", "AT": "Oostenrijks", "CH": "Zwitsers",
        "BE": "Belgisch", "IE": "Iers", "MA": "Marokkaans", "MX": "Mexicaans",
        "BR": "Braziliaans", "AR": "Argentijns", "CA": "Canadees", "AU": "Australisch",
        "IN": "Indiaas", "EG": "Egyptisch", "IL": "Israëlisch", "SY": "Syrisch", "IQ": "Iraaks",
        "IR": "Iraans", "SA": "Saoedisch", "NG": "Nigeriaans", "ZA": "Zuid-Afrikaans",
        "PK": "Pakistaans", "AF": "Afghaans", "CO": "Colombiaans", "VE": "Venezolaans",
        "CL": "Chileens", "PE": "Peruaans", "CU": "Cubaans", "DZ": "Algerijns",
        "TN": "Tunesisch", "LY": "Libisch", "LB": "Libanees", "JO": "Jordaans", "KE": "Keniaans",
        "ET": "Ethiopisch", "YE": "Jemenitisch", "PS": "Palestijns", "BY": "Wit-Russisch",
        "NZ": "Nieuw-Zeelands", "PH": "Filipijns", "KP": "Noord-Koreaans", "KR": "Zuid-Koreaans",
        "TW": "Taiwanees", "MY": "Maleisisch", "BD": "Bengaals", "LU": "Luxemburgs",
        "QA": "Qatarees", "SD": "Soedanees", "ML": "Malinees", "SN": "Senegalees",
        "GH": "Ghanees", "CD": "Congolees", "SR": "Surinaams", "ID": "Indonesisch",
        "DE": "Duits", "FR": "Frans", "TR": "Turks", "PL": "Pools",
    },
}

# Common names CLDR does not give as the country's name in that language.
# German and Dutch name a country's people with nouns that are not its adjective ("die Österreicherin
# Lena Hofbauer", "de Noor"): masculine singular, feminine singular, plural; left out where the noun is also
# an ordinary word ("Pole", a pole; "Finne", a fin; Dutch "Pool"). Written for this project.
DEMONYM_NOUNS: dict[str, dict[str, tuple[str, ...]]] = {
    "de": {
        "DE": ("Deutscher", "Deutsche", "Deutschen"), "AT": ("Österreicher", "Österreicherin", "Österreicherinnen"),
        "CH": ("Schweizer", "Schweizerin", "Schweizerinnen"), "FR": ("Franzose", "Französin", "Franzosen"),
        "IT": ("Italiener", "Italienerin", "Italienerinnen"), "ES": ("Spanier", "Spanierin", "Spanierinnen"),
        "PT": ("Portugiese", "Portugiesin", "Portugiesen"),
        "NL": ("Niederländer", "Niederländerin", "Niederländerinnen"),
        "BE": ("Belgier", "Belgierin", "Belgierinnen"), "GB": ("Brite", "Britin", "Briten"),
        "IE": ("Ire", "Irin", "Iren"), "US": ("Amerikaner", "Amerikanerin", "Amerikanerinnen"),
        "CA": ("Kanadier", "Kanadierin", "Kanadierinnen"), "NO": ("Norweger", "Norwegerin", "Norwegerinnen"),
        "SE": ("Schwede", "Schwedin", "Schwedinnen"), "DK": ("Däne", "Dänin", "Dänen"),
        "FI": ("Finnin", "Finninnen"), "IS": ("Isländer", "Isländerin", "Isländerinnen"),
        "PL": ("Polin", "Polinnen"), "CZ": ("Tscheche", "Tschechin", "Tschechen"),
        "SK": ("Slowake", "Slowakin", "Slowaken"), "SI": ("Slowene", "Slowenin", "Slowenen"),
        "HR": ("Kroate", "Kroatin", "Kroaten"), "RS": ("Serbe", "Serbin", "Serben"),
        "HU": ("Ungar", "Ungarin", "Ungarn"), "RO": ("Rumäne", "Rumänin", "Rumänen"),
        "BG": ("Bulgare", "Bulgarin", "Bulgaren"), "GR": ("Grieche", "Griechin", "Griechen"),
        "TR": ("Türke", "Türkin", "Türken"), "RU": ("Russe", "Russin", "Russen"),
        "UA": ("Ukrainer", "Ukrainerin", "Ukrainerinnen"), "CN": ("Chinese", "Chinesin", "Chinesen"),
        "JP": ("Japaner", "Japanerin", "Japanerinnen"), "IN": ("Inder", "Inderin", "Inderinnen"),
        "AU": ("Australier", "Australierin", "Australierinnen"), "BR": ("Brasilianer", "Brasilianerin", "Brasilianer"),
        "AR": ("Argentinier", "Argentinierin", "Argentinierinnen"),
        "MX": ("Mexikaner", "Mexikanerin", "Mexikanerinnen"),
        "KE": ("Kenianer", "Kenianerin", "Kenianerinnen"), "ET": ("Äthiopier", "Äthiopierin", "Äthiopierinnen"),
        "NG": ("Nigerianer", "Nigerianerin", "Nigerianerinnen"),
        "ZA": ("Südafrikaner", "Südafrikanerin", "Südafrikanerinnen"),
        "EG": ("Ägypter", "Ägypterin", "Ägypterinnen"), "SY": ("Syrer", "Syrerin", "Syrerinnen"),
        "IQ": ("Iraker", "Irakerin", "Irakerinnen"), "IR": ("Iraner", "Iranerin", "Iranerinnen"),
        "IL": ("Israeli", "Israelin", "Israelis"), "AF": ("Afghane", "Afghanin", "Afghanen"),
        "KR": ("Südkoreaner", "Südkoreanerin", "Südkoreanerinnen"),
        "LU": ("Luxemburger", "Luxemburgerin", "Luxemburgerinnen"),
    },
    "nl": {
        "NL": ("Nederlander", "Nederlandse", "Nederlanders"), "BE": ("Belg", "Belgische", "Belgen"),
        "DE": ("Duitser", "Duitse", "Duitsers"), "FR": ("Fransman", "Française", "Fransen"),
        "GB": ("Brit", "Britse", "Britten"), "AT": ("Oostenrijker", "Oostenrijkse", "Oostenrijkers"),
        "CH": ("Zwitser", "Zwitserse", "Zwitsers"), "IT": ("Italiaan", "Italiaanse", "Italianen"),
        "ES": ("Spanjaard", "Spaanse", "Spanjaarden"), "PT": ("Portugees", "Portugese", "Portugezen"),
        "NO": ("Noor", "Noorse", "Noren"), "SE": ("Zweed", "Zweedse", "Zweden"), "DK": ("Deen", "Deense", "Denen"),
        "FI": ("Fin", "Finse", "Finnen"), "PL": ("Poolse", "Polen"), "US": ("Amerikaan", "Amerikaanse", "Amerikanen"),
        "RU": ("Rus", "Russische", "Russen"),
        "TR": ("Turk", "Turkse", "Turken"), "MA": ("Marokkaan", "Marokkaanse", "Marokkanen"),
        "SR": ("Surinamer", "Surinaamse", "Surinamers"), "CN": ("Chinees", "Chinese", "Chinezen"),
        "JP": ("Japanner", "Japanse", "Japanners"), "KE": ("Keniaan", "Keniaanse", "Kenianen"),
        "BR": ("Braziliaan", "Braziliaanse", "Brazilianen"), "UA": ("Oekraïner", "Oekraïense", "Oekraïners"),
    },
}

EXTRA_NAMES: dict[str, dict[str, str]] = {
    "de": {"USA": "US", "Vereinigten Staaten": "US", "Amerika": "US", "Großbritannien": "GB",
           "England": "GB", "Schottland": "GB", "Wales": "GB", "Nordirland": "GB",
           "Holland": "NL", "Niederlanden": "NL", "Hongkong": "HK", "Tschechische Republik": "CZ",
           "Elfenbeinküste": "CI", "Kongo": "CG", "Palästina": "PS", "Gazastreifen": "PS",
           "Westjordanland": "PS", "Weißrussland": "BY", "Sowjetunion": "RU", "Burma": "MM",
           "Birma": "MM", "Türkei": "TR", "Schweiz": "CH", "Bundesrepublik": "DE", "DDR": "DE",
           "BRD": "DE", "Vereinigten Arabischen Emirate": "AE", "Emirate": "AE"},
    "fr": {"USA": "US", "Amérique": "US", "Grande-Bretagne": "GB", "Angleterre": "GB",
           "Écosse": "GB", "Pays de Galles": "GB", "Irlande du Nord": "GB", "Hollande": "NL",
           "Hong Kong": "HK", "République tchèque": "CZ", "Palestine": "PS", "Gaza": "PS",
           "Cisjordanie": "PS", "Union soviétique": "RU", "URSS": "RU", "Birmanie": "MM",
           "Émirats arabes unis": "AE", "Congo": "CG", "RDC": "CD", "RDCongo": "CD"},
    "es": {"EE. UU.": "US", "EE.UU.": "US", "EEUU": "US", "USA": "US", "Gran Bretaña": "GB",
           "Inglaterra": "GB", "Escocia": "GB", "Gales": "GB", "Irlanda del Norte": "GB",
           "Holanda": "NL", "Hong Kong": "HK", "República Checa": "CZ", "Palestina": "PS",
           "Gaza": "PS", "Cisjordania": "PS", "Unión Soviética": "RU", "URSS": "RU",
           "Birmania": "MM", "Emiratos Árabes Unidos": "AE", "Costa de Marfil": "CI",
           "Congo": "CG", "RDC": "CD"},
    "it": {"USA": "US", "America": "US", "Gran Bretagna": "GB", "Inghilterra": "GB",
           "Scozia": "GB", "Galles": "GB", "Irlanda del Nord": "GB", "Olanda": "NL",
           "Hong Kong": "HK", "Repubblica Ceca": "CZ", "Palestina": "PS", "Gaza": "PS",
           "Cisgiordania": "PS", "Unione Sovietica": "RU", "URSS": "RU", "Birmania": "MM",
           "Emirati Arabi Uniti": "AE", "Congo": "CG", "RDC": "CD"},
    "pt": {"EUA": "US", "E.U.A.": "US", "USA": "US", "Grã-Bretanha": "GB", "Inglaterra": "GB",
           "Escócia": "GB", "País de Gales": "GB", "Irlanda do Norte": "GB", "Holanda": "NL",
           "Hong Kong": "HK", "República Tcheca": "CZ", "República Checa": "CZ",
           "Palestina": "PS", "Gaza": "PS", "Cisjordânia": "PS", "União Soviética": "RU",
           "URSS": "RU", "Birmânia": "MM", "Emirados Árabes Unidos": "AE", "Congo": "CG",
           "RDC": "CD", "Macedónia do Norte": "MK", "Irão": "IR", "Quénia": "KE"},
    "nl": {"VS": "US", "USA": "US", "Amerika": "US", "Groot-Brittannië": "GB",
           "Engeland": "GB", "Schotland": "GB", "Noord-Ierland": "GB", "Holland": "NL",
           "Hongkong": "HK", "Tsjechische Republiek": "CZ", "Palestina": "PS", "Gaza": "PS",
           "Westelijke Jordaanoever": "PS", "Sovjet-Unie": "RU", "Birma": "MM",
           "Verenigde Arabische Emiraten": "AE", "Congo": "CG", "Wit-Rusland": "BY"},
}

# Big cities whose name in that language differs from the English one and that CLDR's exemplar
# cities (time zones) leave out: capitals without a zone of their own, second cities.
CITIES: dict[str, dict[str, str]] = {
    "de": {"Peking": "CN", "Neu-Delhi": "IN", "Mailand": "IT", "München": "DE", "Köln": "DE",
           "Genf": "CH", "Venedig": "IT", "Florenz": "IT", "Neapel": "IT", "Turin": "IT",
           "Den Haag": "NL", "Brügge": "BE", "Antwerpen": "BE", "Krakau": "PL", "Danzig": "PL",
           "Breslau": "PL", "Sankt Petersburg": "RU", "Nürnberg": "DE", "Frankfurt": "DE",
           "Düsseldorf": "DE", "Zürich": "CH", "Basel": "CH", "Salzburg": "AT", "Graz": "AT",
           "Linz": "AT", "Innsbruck": "AT", "Straßburg": "FR", "Marseille": "FR", "Lyon": "FR",
           "Sevilla": "ES", "Barcelona": "ES", "Kapstadt": "ZA", "Teheran": "IR"},
    "fr": {"Pékin": "CN", "New Delhi": "IN", "Milan": "IT", "Munich": "DE", "Cologne": "DE",
           "Genève": "CH", "Venise": "IT", "Florence": "IT", "Naples": "IT", "Turin": "IT",
           "La Haye": "NL", "Bruges": "BE", "Anvers": "BE", "Cracovie": "PL",
           "Saint-Pétersbourg": "RU", "Francfort": "DE", "Hambourg": "DE", "Séville": "ES",
           "Barcelone": "ES", "Le Cap": "ZA", "Washington": "US", "Ottawa": "CA",
           "Canberra": "AU", "Rabat": "MA", "Bombay": "IN", "Pretoria": "ZA"},
    "es": {"Pekín": "CN", "Nueva Delhi": "IN", "Milán": "IT", "Múnich": "DE", "Colonia": "DE",
           "Ginebra": "CH", "Venecia": "IT", "Florencia": "IT", "Nápoles": "IT", "Turín": "IT",
           "La Haya": "NL", "Brujas": "BE", "Amberes": "BE", "Cracovia": "PL",
           "San Petersburgo": "RU", "Fráncfort": "DE", "Hamburgo": "DE", "Marsella": "FR",
           "Estrasburgo": "FR", "Ciudad del Cabo": "ZA", "Washington": "US", "Nueva York": "US",
           "Rabat": "MA", "Pretoria": "ZA", "Burdeos": "FR"},
    "it": {"Pechino": "CN", "Nuova Delhi": "IN", "Monaco di Baviera": "DE", "Colonia": "DE",
           "Ginevra": "CH", "Venezia": "IT", "Firenze": "IT", "Napoli": "IT", "Torino": "IT",
           "Milano": "IT", "Genova": "IT", "Bologna": "IT", "Palermo": "IT", "L'Aia": "NL",
           "L’Aia": "NL", "Bruges": "BE", "Anversa": "BE", "Cracovia": "PL",
           "San Pietroburgo": "RU", "Francoforte": "DE", "Amburgo": "DE", "Marsiglia": "FR",
           "Strasburgo": "FR", "Siviglia": "ES", "Città del Capo": "ZA", "Washington": "US",
           "Rabat": "MA", "Pretoria": "ZA", "Varsavia": "PL", "Il Cairo": "EG", "Cairo": "EG"},
    "pt": {"Pequim": "CN", "Nova Déli": "IN", "Nova Deli": "IN", "Nova Délhi": "IN",
           "Milão": "IT", "Munique": "DE", "Colônia": "DE", "Genebra": "CH", "Veneza": "IT",
           "Florença": "IT", "Nápoles": "IT", "Turim": "IT", "Haia": "NL", "Bruges": "BE",
           "Antuérpia": "BE", "Cracóvia": "PL", "São Petersburgo": "RU", "Frankfurt": "DE",
           "Hamburgo": "DE", "Marselha": "FR", "Estrasburgo": "FR", "Sevilha": "ES",
           "Cidade do Cabo": "ZA", "Washington": "US", "Nova Iorque": "US", "Nova York": "US",
           "Rabat": "MA", "Pretória": "ZA", "Varsóvia": "PL", "Cairo": "EG", "Moscovo": "RU",
           "Porto": "PT", "Coimbra": "PT", "Braga": "PT"},
    "nl": {"Peking": "CN", "New Delhi": "IN", "Milaan": "IT", "München": "DE", "Keulen": "DE",
           "Genève": "CH", "Venetië": "IT", "Florence": "IT", "Napels": "IT", "Turijn": "IT",
           "Den Haag": "NL", "Utrecht": "NL", "Eindhoven": "NL", "Groningen": "NL",
           "Brugge": "BE", "Antwerpen": "BE", "Gent": "BE", "Luik": "BE", "Bergen": "NO",
           "Krakau": "PL", "Sint-Petersburg": "RU", "Frankfurt": "DE", "Hamburg": "DE",
           "Marseille": "FR", "Straatsburg": "FR", "Sevilla": "ES", "Kaapstad": "ZA",
           "Washington": "US", "Rabat": "MA", "Pretoria": "ZA", "Kairo": "EG"},
}

# Which of the curated cities are capitals (stronger evidence than other cities).
CAPITAL_EXONYMS = frozenset(
    "Peking|Pékin|Pekín|Pechino|Pequim|Neu-Delhi|New Delhi|Nueva Delhi|Nuova Delhi|Nova Déli|Nova Deli"
    "|Nova Délhi|Washington|Ottawa|Canberra|Rabat|Pretoria|Pretória|Varsavia|Varsóvia|Il Cairo|Cairo"
    "|Kairo|Moscovo|Teheran".split("|")
)

# Lower-case words before a noun: a city name after one of them is a common noun ("das Essen",
# "die Halle", "no Natal") - towns take no article in these languages.
DETERMINERS: dict[str, str] = {
    "de": "der die das dem den des ein eine einem einen einer eines kein keine keinem keinen "
          "keiner keines zum zur beim vom im am ins ans sein seine ihr ihre unser unsere jeder "
          "jede jedes dieser diese dieses welche welcher welches",
    "fr": "le la les un une des du au aux ce cet cette ces mon ma mes son sa ses leur leurs",
    "es": "el la los las un una unos unas del al este esta estos estas su sus",
    "it": "il lo la i gli le un uno una del dello della dei degli delle al allo alla ai agli "
          "alle nel nello nella nei negli nelle questo questa",
    "pt": "o a os as um uma uns umas do da dos das no na nos nas ao à aos às pelo pela pelos "
          "pelas este esta seu sua",
    "nl": "de het een der des dit dat deze die",
}
# fmt: on


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def inflect(lang: str, base: str) -> set[str]:
    """Adjective forms of a demonym: gender and number (and German case endings)."""
    forms = {base}
    b = base
    if lang == "de":
        forms |= {b + e for e in ("e", "en", "er", "es", "em")}
        for stem, noun in (("anisch", "aner"), ("ienisch", "iener"), ("enisch", "ener")):
            if b.endswith(stem):  # "amerikanisch" -> "Amerikaner", "-in", "-innen", "-n"
                n = b[: -len(stem)] + noun
                n = n[0].upper() + n[1:]
                forms |= {n, n + "n", n + "in", n + "innen"}
                break
    elif lang == "fr":
        if b.endswith("e"):
            forms.add(b + "s")
        elif b.endswith(("ais", "ois")):
            forms |= {b + "e", b + "es"}
        elif b.endswith("ien") or b.endswith("éen"):
            forms |= {b + "ne", b + "s", b + "nes"}
        elif b.endswith("c"):  # turc, grec
            fem = b[:-1] + "que" if b.endswith("rc") else b + "que"  # turque, grecque
            forms |= {b + "s", fem, fem + "s"}
        else:
            forms |= {b + "e", b + "s", b + "es"}
    elif lang in ("es", "pt", "it"):
        accent = str.maketrans("áéíóú", "aeiou") if lang == "es" else str.maketrans("ê", "e")
        if lang == "it" and b.endswith("co") and not b.endswith("eco"):
            forms |= {b[:-1] + "a", b[:-1] + "hi", b[:-1] + "he"}
        elif b.endswith("o"):
            if lang == "it":
                forms |= {b[:-1] + "a", b[:-1] + "i", b[:-1] + "e"}
            else:
                forms |= {b[:-1] + "a", b + "s", b[:-1] + "as"}
        elif b.endswith("e"):
            forms.add(b[:-1] + "i" if lang == "it" else b + "s")
        elif b.endswith("a"):  # belga, croata, saudita
            forms.add(b[:-1] + "i" if lang == "it" else b + "s")
        elif lang == "pt" and b.endswith("ão"):
            forms |= {b[:-2] + "ã", b[:-2] + "ães", b[:-2] + "ãs"}
        elif lang == "pt" and b.endswith("ês"):
            forms |= {b[:-2] + "esa", b[:-2] + "eses", b[:-2] + "esas"}
        elif lang == "pt" and b.endswith("l"):  # espanhol
            forms |= {b + "a", b[:-1] + "is", b + "as", b[:-2] + "óis"}
        elif b[-1] in "íú" or b.endswith("i"):  # marroquí, iraní, bengali
            forms |= {b + "es", b + "s"}
        else:  # francés, alemán, español
            stem = b[:-2] + b[-2:].translate(accent)
            forms |= {stem + "a", stem + "es", stem + "as"}
    elif lang == "nl":
        if b.endswith("s") and not b.endswith("ss"):
            forms.add(b + "e")
        else:
            forms.add(b + "e")
    return {f for f in forms if f}


def country_names(lang: str, english_names: dict[str, str]) -> dict[str, str]:
    loc = Locale(lang)
    out: dict[str, str] = {}
    for code in english_names:
        name = loc.territories.get(code)
        if not name or "(" in name or "," in name or any(w in name for w in ("RAS", "RAE", "SAR", "Sonder")):
            continue
        out[code] = name.replace(" - ", "-")
    return out


def exemplar_cities(lang: str, english_capitals: set[str]) -> dict[str, tuple[str, bool]]:
    """CLDR exemplar cities of the time zones, in `lang`: {city: (territory, is a capital)}; a
    city is a capital when its English exemplar name is a capital in the English gazetteer."""
    loc, en = Locale(lang), Locale("en")
    zones = get_global("zone_territories")
    out: dict[str, tuple[str, bool]] = {}
    for tz, info in loc.time_zones.items():
        city = info.get("city") if hasattr(info, "get") else None
        code = zones.get(tz)
        if city and code and len(code) == 2 and "/" not in city:
            en_info = en.time_zones.get(tz)
            en_city = (en_info.get("city") if hasattr(en_info, "get") else None) or tz.split("/")[-1].replace("_", " ")
            out[city] = (code, en_city in english_capitals)
    return out


def curated_cities(lang: str) -> dict[str, tuple[str, bool]]:
    return {city: (code, city in CAPITAL_EXONYMS) for city, code in CITIES[lang].items()}


def build() -> dict:
    english = json.loads(ENGLISH.read_text(encoding="utf-8"))
    english_surfaces = {s: (code, kind) for s, code, kind, _flags in english["body"]}
    english_capitals = {s for s, code, kind, _f in english["body"] if kind == "capital"}
    languages = {}
    for lang in LANGUAGES:
        table: dict[str, tuple[str, str]] = {}

        def put(surface: str, code: str, kind: str, table: dict[str, tuple[str, str]] = table) -> None:
            for s in {surface, surface.replace("’", "'"), fold(surface)}:
                if not s or s in table or len(s.lower()) != len(s):
                    continue
                if s in english_surfaces and english_surfaces[s][0] == code:
                    continue  # the English gazetteer already has it, with its disambiguation flags
                table[s] = (code, kind)

        names = country_names(lang, english["names"])
        for code, name in names.items():
            put(name, code, "name")
            if lang == "de" and not name.endswith(("s", "x", "z", "ß")):
                put(name + "s", code, "name")  # genitive: "Deutschlands", "Chinas"
        for name, code in EXTRA_NAMES[lang].items():
            put(name, code, "name")
            if lang == "de" and not name.endswith(("s", "x", "z", "ß", "A", "R", "D")):
                put(name + "s", code, "name")
        for city, (code, capital) in {**exemplar_cities(lang, english_capitals), **curated_cities(lang)}.items():
            kind = "capital" if capital else "city"
            put(city, code, kind)
            for article in ("Le ", "La ", "El ", "Il ", "L'", "L’"):
                if city.startswith(article) and len(city) > len(article) + 3:
                    put(city[len(article) :], code, kind)  # "du Caire", "del Cairo"
        loc = Locale(lang)
        adjectives: dict[str, str] = {}
        for lcode, code in LANGUAGE_COUNTRY.items():
            word = loc.languages.get(lcode)
            if word and " " not in word and "(" not in word:
                adjectives[word if lang == "nl" else word.lower()] = code
        for code, word in DEMONYMS[lang].items():
            adjectives[word] = code
        for word, code in adjectives.items():
            for form in inflect(lang, word):
                put(form, code, "demonym")
        people_nouns = set()
        for code, nouns in DEMONYM_NOUNS.get(lang, {}).items():
            for noun in nouns:
                if noun in table or noun.lower() in table:
                    continue  # also the adjective ("Nederlandse", "Deutsche"): not only a person
                put(noun, code, "demonym")
                people_nouns |= {noun, fold(noun)}
        # flag "o": a noun naming a person of the country ("die Österreicherin"), a person's origin
        body = [[s, code, kind, "o" if s in people_nouns else ""] for s, (code, kind) in sorted(table.items())]
        languages[lang] = {
            "body": body,
            "determiners": sorted(set(DETERMINERS[lang].split())),
            "names": dict(sorted(names.items())),
        }
    return {
        "_provenance": (
            "Built by scripts/build_gazetteer_i18n.py from Unicode CLDR via Babel 2.18.0 (country "
            "names, language names as adjectives, time-zone exemplar cities; Unicode License v3) "
            "and curated tables in that script (demonyms, exonyms, short names, determiners)."
        ),
        "languages": languages,
    }


def main() -> None:
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    sizes = ", ".join(f"{k} {len(v['body'])} entries" for k, v in data["languages"].items())
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes): {sizes}")


if __name__ == "__main__":
    main()
