"""Rule-based people and organisation extraction (offline, no model): precision over recall.

Candidates are runs of capitalised words ("spans"). A span becomes
* an organisation when it ends in an organisation word ("... Bank", "... Ministry", "... Inc") or
  starts one followed by "of" ("Ministry of Defence"), or is a well-known organisation;
  "(MoD)" right after it adds the acronym as another surface of the same organisation;
* a person when its 2-4 name words follow a title or honorific ("Health Minister Ana Duarte",
  "Mr ..."), or a role noun ("spokesman Jane Doe"), or start with a common given name, or sit
  next to a speech verb ("..., said Jane Doe") and none of the words is used in lower case
  elsewhere in the article (which rules out "Time Warner said").
Later one-word mentions of a person's surname ("Mr Duarte", "Duarte said") count for that person.
Sentence-initial participles ("Citing ...", "Welcoming ...") and every word of COMMON_CAPITALISED
are never the first word of a name. No rule names a particular article's people or phrases:
tests/test_entities.py keeps a hashed deny-list of entries that once did.
Countries, cities, months, weekdays and sentence-initial common words are never names.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from articles.extraction.countries import COUNTRY_NAMES, country_names_in, is_place_name, place_kind
from articles.extraction.types import EntityTag, Evidence

__all__ = ["COMMON_CAPITALISED", "PLACES", "extract_entities"]


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


def _lines(s: str) -> frozenset[str]:
    return frozenset(x.strip() for x in re.split(r"[|\n]", s) if x.strip())


# Capitalised at the start of a sentence or in a heading, never part of a name.
COMMON_CAPITALISED = _words(
    """The A An This That These Those It Its It's He She They We I You His Her Hers Their Our My
    Your Him Them Us Me But And Or Nor So Yet If When While Whilst Where What Which Who Whom Whose
    Why How After Before During As At By For From In Into On Onto Of Off To With Without Within
    Under Over Since Until Till Although Though However Meanwhile Also Both Each Every All Any
    Some Many Much Most Several Other Others Another Such No Not None Now Then There Here Today
    Tonight Yesterday Tomorrow Last Next First Second Third Fourth Fifth Final Former Earlier
    Later According Speaking Asked Despite Following Among Amid Amidst Between Against Across
    Around Through Throughout Thus Therefore Hence Yes Even Only Just More Less Further Still
    Already Instead Indeed Overall Sources Experts Analysts Critics Residents Officials Police
    Authorities Those Like Unlike Along Alongside Beyond Above Below Near Per Via Upon About
    Whether Once Twice Again Anyway Please Thanks Dear Sir Madam Breaking Update Updated Live
    Watch Read Photo Photos Video Image Share Advertisement Related Latest Top Home News
    Opinion Analysis Editorial Comment Exclusive Sponsored Trending Subscribe Follow Sign One Two
    Three Four Five Six Seven Eight Nine Ten Hundred Thousand Million Billion Half Quarter
    Chapter Section Part Page Figure Table Note Notes Source Sources Story Stories Report Reports
    Statement Press Release Day Week Month Year Years Time Times Morning Evening Night Afternoon
    Christmas Easter Ramadan Eid Diwali Holi Hanukkah Thanksgiving Covid COVID Coronavirus
    Internet Web Online Facebook Twitter Instagram YouTube WhatsApp TikTok LinkedIn Google
    Let Lets Let's Do Does Did Don't Can Could Would Should Will Shall May Might Must Is Are Was
    Were Be Been Being Have Has Had Get Got Make Made Take Took Say Said Says See Seen Look Go
    Going Come Came Give Gave Keep Kept Put Set Tell Told Think Thought Know Knew Want Wanted
    Need Needed Use Used Find Found Call Called Try Tried Ask Help Show Showed Turn Move Live
    Lived Believe Bring Brought Happen Happened Write Wrote Provide Sit Stand Lose Lost Pay Paid
    Meet Met Include Included Continue Continued Learn Lead Led Understand Watch Follow Stop
    Create Speak Spoke Allow Add Added Spend Grow Open Walk Win Won Offer Remember Consider
    Appear Buy Wait Serve Die Send Expect Build Stay Fall Cut Reach Kill Remain Suggest Raise
    Pass Sell Require Decide Pull"""
)

MONTHS = _words(
    """January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"""
)
WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thurs Fri Sat Sun")

# Countries (short and common forms), regions, and large or newsworthy cities. Written for this
# module; a place is never a person's name here (see countries.py for the real gazetteer).
PLACES = _lines(
    """Afghanistan|Albania|Algeria|Andorra|Angola|Antigua|Argentina|Armenia|Australia|Austria
    |Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia
    |Bosnia|Herzegovina|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|Cambodia|Cameroon
    |Canada|Cape Verde|Chad|Chile|China|Colombia|Comoros|Congo|Costa Rica|Croatia|Cuba|Cyprus
    |Czech Republic|Czechia|Denmark|Djibouti|Dominica|Dominican Republic|Ecuador|Egypt
    |El Salvador|Equatorial Guinea|Eritrea|Estonia|Eswatini|Ethiopia|Fiji|Finland|France|Gabon
    |Gambia|Georgia|Germany|Ghana|Greece|Grenada|Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti
    |Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Ivory Coast
    |Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kiribati|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia
    |Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|Madagascar|Malawi
    |Malaysia|Maldives|Mali|Malta|Mauritania|Mauritius|Mexico|Micronesia|Moldova|Monaco
    |Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Burma|Namibia|Nauru|Nepal|Netherlands
    |Holland|New Zealand|Nicaragua|Niger|Nigeria|North Korea|North Macedonia|Macedonia|Norway
    |Oman|Pakistan|Palau|Palestine|Panama|Papua New Guinea|Paraguay|Peru|Philippines|Poland
    |Portugal|Qatar|Romania|Russia|Rwanda|Samoa|San Marino|Saudi Arabia|Senegal|Serbia
    |Seychelles|Sierra Leone|Singapore|Slovakia|Slovenia|Somalia|South Africa|South Korea
    |South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan
    |Tanzania|Thailand|Timor-Leste|Togo|Tonga|Trinidad|Tobago|Tunisia|Turkey|Turkiye
    |Turkmenistan|Tuvalu|Uganda|Ukraine|United Arab Emirates|UAE|United Kingdom|UK|Britain
    |Great Britain|England|Scotland|Wales|Northern Ireland|United States|US|USA|America
    |Uruguay|Uzbekistan|Vanuatu|Vatican|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe|Gaza
    |West Bank|Crimea|Kashmir|Tibet|Xinjiang|Hong Kong|Macau|Greenland|Puerto Rico|Africa
    |Asia|Europe|Antarctica|Oceania|Middle East|Latin America|South America|North America
    |Central America|Caribbean|Balkans|Scandinavia|Sahel|Arctic|Pacific|Atlantic|Mediterranean
    |Indian Ocean|Gulf|Persian Gulf|Red Sea|Black Sea|Baltic|South Asia|East Asia
    |Southeast Asia|Central Asia|West Africa|East Africa|North Africa|Sub-Saharan Africa
    |Western Europe|Eastern Europe|Himalayas|Sahara|Amazon|Delhi|New Delhi|Mumbai|Bombay
    |Kolkata|Calcutta|Chennai|Madras|Bengaluru|Bangalore|Hyderabad|Ahmedabad|Pune|Jaipur
    |Lucknow|Patna|Bhopal|Chandigarh|Srinagar|Assam|Tripura|Kerala|Punjab|Gujarat|Bihar
    |Maharashtra|Karnataka|Tamil Nadu|Uttar Pradesh|West Bengal|Rajasthan|Odisha|Manipur
    |Rabat|Casablanca|Marrakech|London|Manchester|Birmingham|Liverpool|Leeds|Glasgow|Edinburgh
    |Cardiff|Belfast|Bristol|Oxford|Cambridge|Dublin|Paris|Marseille|Lyon|Berlin|Munich
    |Hamburg|Frankfurt|Cologne|Madrid|Barcelona|Valencia|Seville|Lisbon|Porto|Rome|Milan
    |Naples|Turin|Venice|Florence|Amsterdam|Rotterdam|The Hague|Brussels|Antwerp|Geneva
    |Zurich|Bern|Vienna|Prague|Warsaw|Krakow|Budapest|Bucharest|Sofia|Athens|Istanbul|Ankara
    |Moscow|St Petersburg|Kyiv|Kiev|Kharkiv|Odesa|Minsk|Stockholm|Oslo|Copenhagen|Helsinki
    |Reykjavik|Riga|Vilnius|Tallinn|Belgrade|Zagreb|Sarajevo|Tirana|Skopje|Beijing|Shanghai
    |Shenzhen|Guangzhou|Wuhan|Tokyo|Osaka|Seoul|Pyongyang|Taipei|Manila|Jakarta|Bangkok|Hanoi
    |Ho Chi Minh City|Kuala Lumpur|Phnom Penh|Yangon|Dhaka|Karachi|Lahore|Islamabad|Kabul
    |Kathmandu|Colombo|Tehran|Baghdad|Damascus|Beirut|Amman|Jerusalem|Tel Aviv|Riyadh|Jeddah
    |Mecca|Medina|Doha|Dubai|Abu Dhabi|Muscat|Kuwait City|Sanaa|Aden|Cairo|Alexandria|Tripoli
    |Tunis|Algiers|Khartoum|Addis Ababa|Nairobi|Mogadishu|Kampala|Kigali|Dar es Salaam|Lagos
    |Abuja|Accra|Dakar|Bamako|Kinshasa|Luanda|Johannesburg|Cape Town|Pretoria|Durban|Harare
    |Lusaka|Washington|New York|Los Angeles|Chicago|Houston|Phoenix|Philadelphia|San Antonio
    |San Diego|Dallas|San Francisco|Seattle|Boston|Miami|Atlanta|Detroit|Denver|Las Vegas
    |New Orleans|Baltimore|Pittsburgh|Cleveland|Minneapolis|St Louis|Texas|California|Florida
    |Ohio|Michigan|Illinois|Virginia|Arizona|Nevada|Alaska|Hawaii|Oregon|Toronto|Montreal
    |Vancouver|Ottawa|Quebec|Ontario|Mexico City|Havana|Bogota|Caracas|Lima|Quito|Santiago
    |Buenos Aires|Montevideo|Sao Paulo|Rio de Janeiro|Brasilia|Sydney|Melbourne|Brisbane|Perth
    |Canberra|Auckland|Wellington|Silicon Valley|Wall Street|Westminster|Whitehall
    |Downing Street|Capitol Hill|Brooklyn|Manhattan|Queens|Bronx|Kent|Surrey|Essex|Yorkshire
    |Lancashire|Devon|Cornwall"""
)
DEMONYMS = _words(
    """American British English Scottish Welsh Irish French German Italian Spanish Portuguese
    Dutch Belgian Swiss Austrian Swedish Norwegian Danish Finnish Polish Czech Slovak Hungarian
    Romanian Bulgarian Greek Turkish Russian Ukrainian Belarusian Serbian Croatian Bosnian
    Albanian Georgian Armenian Azerbaijani Iranian Iraqi Syrian Lebanese Israeli Palestinian
    Jordanian Saudi Emirati Qatari Kuwaiti Omani Yemeni Egyptian Libyan Tunisian Algerian
    Moroccan Sudanese Ethiopian Somali Kenyan Ugandan Tanzanian Rwandan Nigerian Ghanaian
    Senegalese Malian Congolese Angolan Zambian Zimbabwean South African Indian Pakistani
    Afghan Bangladeshi Nepali Nepalese Sri Lankan Chinese Japanese Korean Taiwanese Vietnamese
    Thai Cambodian Burmese Malaysian Indonesian Filipino Singaporean Australian Canadian
    Mexican Cuban Colombian Venezuelan Brazilian Argentine Argentinian Chilean Peruvian
    Bolivian Ecuadorian Uruguayan Paraguayan European African Asian Arab Arabic Western Eastern
    Northern Southern Central Latin Muslim Christian Hindu Sikh Jewish Buddhist Catholic
    Protestant Orthodox Sunni Shia Shiite Kurdish Tamil Bengali Punjabi Kashmiri Maori Inuit
    Soviet Persian Ottoman Mughal Roman Byzantine Hispanic Caucasian Baltic Nordic Gulf"""
)
# Titles and honorifics: the words after them are a name. Modifiers combine with them
# ("Defence Minister", "Secretary of State") and are never part of the name.
TITLES = _words(
    """Mr Mrs Ms Miss Mx Dr Prof Professor Sir Dame Lord Lady Baroness Baron Count Countess
    President Vice-President Premier Minister Ministers Secretary Chancellor Senator Sen Rep Datuk Datin Dato Seri
    Representative Congressman Congresswoman Governor Gov Mayor Judge Justice General Gen
    Lieutenant Lt Colonel Col Major Maj Captain Capt Commander Cmdr Admiral Adm Sergeant Sgt
    Corporal Cpl Private Pte Marshal Brigadier King Queen Prince Princess Duke Duchess Emperor
    Empress Pope Cardinal Archbishop Bishop Rev Reverend Father Fr Imam Rabbi Sheikh Sheik Emir
    Sultan Ayatollah Ambassador Envoy Speaker Chairman Chairwoman Chairperson Chair Director
    Commissioner Inspector Detective Constable Superintendent Sheriff Attorney Councillor
    Councilor Councilman Councilwoman Alderman CEO Chief Executive Officer MP MLA MEP MK TD
    Coach Manager Leader Spokesman Spokeswoman Spokesperson President-elect Officer Agent
    Principal Dean Chancellor Provost Deputy Acting Former Interim Treasurer Auditor
    Comptroller Magistrate Advocate Counsel Solicitor Barrister Nawab Raja Rani Maharaja Shri
    Sri Smt Kumari Begum Hon Honourable Honorable Excellency Highness Majesty Saint St Mufti"""
)
TITLE_MODIFIERS = _words(
    """Prime Vice Deputy Junior Senior Acting Former Interim Shadow Union Cabinet State Federal
    Foreign Home Interior Defence Defense Finance Health Education External Affairs Commerce
    Trade Industry Justice Agriculture Labour Labor Energy Transport Environment Culture Sports
    Tourism Economy Economic Treasury Information Communications Science Technology Housing
    Urban Rural Development Welfare Women Child Children Social Security Intelligence Army Navy
    Air Force Naval Military Police Fire Chief Executive Operating Financial Managing Editor
    General Attorney Solicitor Surgeon Supreme Court High District Opposition Party Labour
    Conservative Democratic Republican National Regional Provincial Municipal City County
    Town Council Mission Relations Petroleum Oil Gas Power Water Mines Railways Civil Aviation
    Minority Tribal Parliamentary Legislative Electoral Election Human Rights Budget Planning
    Revenue Customs Immigration Home-Office White House Kremlin Pentagon Whip Majority"""
)
# Lower-case words that introduce a name: "spokesman Jane Doe", "coach Tom Roe".
ROLE_NOUNS = _words(
    """minister president premier secretary chancellor senator governor mayor judge general
    colonel captain commander spokesman spokeswoman spokesperson chairman chairwoman chairperson
    director chief executive ceo founder co-founder owner manager coach striker midfielder
    defender goalkeeper player captain actor actress singer rapper musician artist writer
    author novelist poet director producer journalist reporter correspondent editor columnist
    analyst economist strategist professor scientist researcher doctor surgeon nurse lawyer
    attorney prosecutor barrister solicitor activist campaigner leader candidate lawmaker
    legislator mp councillor ambassador envoy diplomat official officer inspector detective
    constable sergeant traveller traveler explorer historian philosopher banker investor
    billionaire entrepreneur businessman businesswoman boss head chair deputy aide adviser
    advisor consultant teacher headteacher principal student pupil resident neighbour neighbor
    victim survivor witness suspect defendant driver pilot farmer worker employee engineer
    architect designer chef priest imam rabbi bishop cleric pastor monk nun king queen prince
    princess wife husband son daughter father mother brother sister uncle aunt cousin
    grandson granddaughter grandfather grandmother widow partner girlfriend boyfriend friend
    colleague rival opponent challenger incumbent predecessor successor veteran star legend
    champion winner runner-up landlord landlady organiser organizer volunteer fan
    parent parents shopkeeper trader publican vicar gardener builder plumber"""
)
SPEECH_VERBS = _words(
    """said says told added explained warned noted argued stated wrote insisted acknowledged
    admitted denied confirmed announced claimed recalled urged asked replied responded
    commented remarked tweeted posted declared stressed emphasised emphasized observed
    suggested predicted conceded complained"""
)
# The last word of an organisation's name ("Reserve Bank", "Acme Corp", "Defence Ministry").
ORG_SUFFIXES = _words(
    """Inc Inc. Incorporated Corp Corp. Corporation Co Co. Company Ltd Ltd. Limited Plc PLC plc
    LLC LLP LP AG SA SE NV BV GmbH AB ASA Oyj SpA Bhd Pty KK Holdings Group Bank Bancorp
    University College Party Council Agency Association Ministry Department Commission
    Committee Authority Institute Institution Foundation Federation Confederation Organisation
    Organization Union League Society Trust Fund Board Bureau Secretariat Parliament Assembly
    Senate Congress Court Tribunal Police Army Navy Force Guard Guards Corps Command Airlines
    Airways Motors Industries Technologies Systems Pharmaceuticals Pharma Petroleum Telecom
    Communications Media Network Exchange Reserve Embassy Consulate Directorate Club FC Academy
    Museum Hospital Church Movement Front Alliance Coalition Laboratory Laboratories Labs
    Studios Records Entertainment Foods Brewery Partners Securities Insurance Railways Railway
    Press Times Post Journal Herald Gazette Tribune Chronicle Telegraph Guardian Observer
    Broadcasting Television Radio Ventures Energy Capital Electric Steel Mining Oil Cement
    Chemicals Logistics Shipping Airport Authority Cooperative Co-operative Syndicate
    Brothers Bros Associates Works Gallery Inspectorate Constabulary Infirmary Regulator Unit Institutet
    Aerospace Analytics Robotics Biotech Therapeutics Solutions Consulting Advisors
    Advisers Investments International Partnerschaft Abogados Avocats Advocaten Rechtsanwälte Solicitors
    Architects Architekten
    Conservatory Orchestra Choir School Schools Office Administration Service Services Centre
    Center Centres Centers Network Observatory Library Clinic Charity Cooperative Collective
    Institute Programme Ombudsman Regiment Rifles Cemetery Buses Coaches Ferries Cycling Software Ledger Courier
    Recorder Sentinel Argus Examiner Advertiser Dispatch Bulletin Mercury Enquirer Inquirer Abendblatt Tageblatt Kurier
    Anzeiger FM"""
)
# Organisation words that start a name when followed by "of"/"for": "Ministry of Defence".
ORG_HEADS = _words(
    """Ministry Department University Bank Institute Embassy Council Federation Association
    Office Commission Committee Court Chamber Academy Museum Church Society Confederation League
    Union Organisation Organization Board Bureau College School Party Agency Authority
    Secretariat Directorate Corporation Congress Parliament Assembly Fund Foundation Trust
    Order Guild Conference Centre Center Centres Centers Institution Coalition Alliance Federation House
    Company Friends Chambers Journal Movement Roundtable Network Panel Observatory Tribunal
    Inspectorate Initiative Partnership Consortium Front"""
)
# Words that end the name of a place or a building, not of a person ("Victoria Station").
FACILITIES = _words(
    """Street St Road Rd Avenue Ave Lane Boulevard Square Park Bridge Hall Centre Center Station Telescope
    Stadium Arena House Tower Towers Building Palace Castle Cathedral Temple Mosque Church
    Airport Port Harbour Harbor Beach Island Islands River Lake Mountain Mountains Valley Hill
    Hills Forest Desert Ocean Sea Bay Coast Province State County District Region City Town
    Village Street Highway Motorway Canal Gardens Garden Market Mall Plaza Memorial Monument
    Gate Fort Base Camp Prison Jail Zone Corridor Pass Strait Peninsula Falls Cup League
    Trophy Championship Championships Open Games Olympics Award Awards Prize Festival Summit
    Forum Act Bill Law Treaty Accord Agreement Plan Programme Program Scheme Mission Index
    Day Week Festival Ltd Limited Drive Creek Oval Grove Ridge Heights Springs Crescent Terrace Place
    Parkway Wharf Quay Pier Basin Basilica Abbey Chapel"""
)
# Well-known organisations without an organisation word in their name.
KNOWN_ORGS = {
    "United Nations": ("UN", "U.N."),
    "NATO": ("Nato",),
    "European Union": ("EU",),
    "International Monetary Fund": ("IMF",),
    "World Health Organization": ("WHO",),
    "OPEC": ("Opec",),
    "World Trade Organization": ("WTO",),
    "FBI": (),
    "CIA": (),
    "NASA": ("Nasa",),
    "FIFA": ("Fifa",),
    "UEFA": ("Uefa",),
    "BBC": (),
    "CNN": (),
    "NHS": (),
    "Interpol": (),
    "Reuters": (),
    "Associated Press": (),
    "Hamas": (),
    "Hezbollah": (),
    "Taliban": (),
    "ASEAN": ("Asean",),
    "OECD": (),
    "UNESCO": ("Unesco",),
    "UNICEF": ("Unicef",),
    "ISRO": ("Isro",),
    "IAEA": (),
    "European Central Bank": ("ECB",),
    "Microsoft": (),
    "Google": (),
    "Amnesty International": (),
    "Human Rights Watch": (),
    "Red Cross": (),
    "Bharatiya Janata Party": ("BJP",),
}
# Common given names from many languages: a strong sign that two capitalised words are a person.
GIVEN_NAMES = _words(
    """James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel
    Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy
    Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin
    Scott Brandon Benjamin Samuel Gregory Alexander Frank Patrick Raymond Jack Dennis Jerry
    Tyler Aaron Jose Adam Henry Nathan Douglas Zachary Peter Kyle Walter Ethan Jeremy Harold
    Keith Christian Roger Noah Gerald Carl Terry Sean Austin Arthur Lawrence Jesse Dylan Bryan
    Joe Jordan Billy Bruce Albert Willie Gabriel Logan Alan Juan Wayne Roy Ralph Randy Eugene
    Vincent Russell Elijah Louis Bobby Philip Johnny Tom Tim Jim Bob Bill Mike Dave Steve Chris
    Nick Ben Sam Dan Tony Rob Andy Alex Martin Simon Ian Neil Graham Colin Nigel Gordon Boris
    Keir Rishi Liz Theresa Tony Margaret Hillary Kamala Joe Barack Donald Mary Patricia
    Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Betty Margaret Sandra
    Ashley Kimberly Emily Donna Michelle Dorothy Carol Amanda Melissa Deborah Stephanie Rebecca
    Sharon Laura Cynthia Kathleen Amy Shirley Angela Helen Anna Brenda Pamela Nicole Emma
    Samantha Katherine Christine Debra Rachel Catherine Carolyn Janet Ruth Maria Heather Diane
    Virginia Julie Joyce Victoria Olivia Kelly Christina Lauren Joan Evelyn Judith Megan
    Cheryl Andrea Hannah Martha Jacqueline Frances Gloria Ann Teresa Kathryn Sara Janice Jean
    Alice Madison Doris Abigail Julia Judy Grace Denise Amber Marilyn Beverly Danielle Theresa
    Sophia Marie Diana Brittany Natalie Isabella Charlotte Rose Alexis Kayla Jane Lucy Kate
    Claire Fiona Alison Jo Sue Liz Beth Ellen Anne Jill Jan Eva Nina Vera Irina Olga Natalia
    Tatiana Svetlana Elena Ivan Sergei Sergey Vladimir Dmitry Dmitri Alexei Alexey Mikhail
    Nikolai Andrei Yuri Igor Oleg Viktor Volodymyr Petro Olena Yulia Emmanuel Jean Pierre
    Jacques Francois François Nicolas Marine Olaf Angela Friedrich Wolfgang Hans Klaus Jürgen
    Helmut Gerhard Ursula Annalena Giorgia Matteo Mario Giuseppe Silvio Pedro Pablo Carlos
    Luis Miguel Javier Antonio Manuel Francisco Jorge Diego Alejandro Fernando Ricardo Luiz
    Lula Jair Andres Andrés Gustavo Claudia Nicolas Cristina Mohammed Mohammad Muhammad Mohamed
    Ahmed Ahmad Ali Hassan Hussein Hussain Omar Abdullah Abdul Abdel Abdelaziz Khalid
    Khaled Ibrahim Youssef Yusuf Mustafa Mahmoud Tariq Karim Rashid Said Saeed Salman Faisal
    Fatima Aisha Leila Layla Yasmin Nadia Mariam Maryam Recep Tayyip Ebrahim Benjamin Yair
    Naftali Isaac Moshe David Avi Narendra Rahul Sonia Priyanka Amit Arvind Nitin
    Mamata Yogi Manmohan Atal Ajit Subrahmanyam Jaishankar Nirmala Piyush Ashok Anil Sunil
    Sanjay Vijay Rajesh Rakesh Ramesh Suresh Mahesh Ganesh Dinesh Mukesh Gautam Ratan Sachin
    Virat Rohit Shah Arun Kiran Deepak Pradeep Manoj Vinod Ravi Raj Ram Krishna Shiva Lakshmi
    Priya Pooja Anita Sunita Kavita Neha Asha Usha Indira Jawaharlal Mahatma Shashi
    Imran Nawaz Shehbaz Bilawal Benazir Asif Sheikh Hasina Khaleda Xi Li Wang Zhang Liu Chen
    Yang Huang Zhao Wu Zhou Jinping Keqiang Shinzo Fumio Yoshihide Kishida Moon Yoon Kim
    Park Lee Hun Joko Prabowo Ferdinand Rodrigo Anwar Mahathir Najib Lee Hsien Thaksin
    Yingluck Nelson Cyril Jacob Thabo Uhuru William Kofi Paul Abiy Bola Muhammadu Goodluck
    Olusegun Jacinda Scott Malcolm Anthony Justin Pierre Stephen Jagmeet Andrés Javier Gabriel
    Dilma Evo Hugo Fidel Raúl Raul Greta Elon Jeff Bill Warren Mark Sundar Satya Tim Larry
    Sergey Jensen Sam Sheryl Marissa Oprah Taylor Beyonce Lionel Cristiano Neymar Kylian
    Erling Harry Meghan Charles Camilla Kate Wills Diana Philip Anne Edward Andrew Louise Sophie
    Lewis Max Lando Serena Venus Roger Rafael Novak Andy Emma Coco Carlos"""
)
# Common given names of German, French, Spanish, Italian, Portuguese and Dutch speakers (written for
# this project from general knowledge; names that are also common words or places there, such as
# Alba, Luz, Paz, Mercedes or Jesús, are left out).
GIVEN_NAMES_I18N = _words(
    """Lena Julia Katharina Sabine Stefanie Petra Monika Katrin Birgit Heike Susanne Andrea Martina
    Johanna Franziska Lisa Hannah Leonie Ute Gabriele Ingrid Renate Thomas Andreas Stefan Markus
    Lukas Felix Tobias Florian Matthias Uwe Dieter Horst Jörg Ralf Sven Torsten Jens Holger Bernd
    Heinz Karl Günter Werner Manfred Jochen Maximilian Moritz Niklas Jonas Leon Finn Paul Elias
    Camille Léa Chloé Manon Julie Nathalie Isabelle Sylvie Céline Aurélie Élodie Hélène Sandrine
    Valérie Véronique Brigitte Françoise Monique Inès Jeanne Margaux Océane Jean-Pierre Jean-Luc
    Jean-Marc Jean-Paul Jean-Claude Philippe Michel Alain Patrick Laurent Olivier Thierry
    Christophe Sébastien Julien Antoine Hugo Lucas Théo Mathieu Guillaume Éric Benoît Didier
    Gérard Bernard Yves Luc Rémi Damien Maxime Clément Baptiste Arnaud
    Lucía Carmen Isabel Pilar Dolores Marta Sofía Paula Inés Montserrat Nuria Raquel Beatriz
    Rocío Mercè Ainhoa Sergio Alberto Rubén Iván Álvaro Ramón Enrique Rafael Joaquín Ignacio
    Santiago Alfonso Jaume Jordi Xavier Íñigo Mikel Óscar Adrián Hugo Gonzalo Ángel Emilio
    Giulia Chiara Francesca Martina Alessia Valentina Federica Elisa Silvia Paola Giovanna
    Roberta Simona Elena Beatrice Giovanni Luca Marco Alessandro Francesco Lorenzo Davide
    Stefano Roberto Massimo Fabio Paolo Giorgio Salvatore Vincenzo Gianluca Giuseppe Enrico
    Riccardo Tommaso Filippo Emanuele Sergio Luigi Pietro Carlo
    João Joaquim Rui Tiago Gonçalo Afonso Beatriz Mariana Joana Catarina Rita Leonor Fernanda
    Luíza Luísa Gabriela Thiago Felipe Bruno Rodrigo Vitória Larissa Letícia Camila Raimundo
    Sebastião Conceição Graça Marcelo Eduardo Leonardo Guilherme Vinícius
    Pieter Sanne Anouk Femke Lotte Daan Bram Thijs Joost Ruud Wouter Maarten Bart Koen Sander
    Jeroen Marieke Annemieke Henk Kees Gerrit Willem Hendrik Johan Lieke Floor Noor Sem Ruben
    Niels Joris Tessa Esther Marloes Ingeborg"""
)

# --- other languages (de, fr, es, it, pt, nl): written for this project ---------------------------
# Capitalised titles before a name ("Bürgermeisterin Anna Huber", "Mme Dupont", "Sra. López").
TITLES_I18N = _words(
    """Herr Frau Bundeskanzler Bundeskanzlerin Kanzler Kanzlerin Ministerin Bundesminister
    Bundesministerin Staatssekretär Staatssekretärin Bürgermeister Bürgermeisterin Oberbürgermeister
    Oberbürgermeisterin Präsident Präsidentin Ministerpräsident Ministerpräsidentin Landrat Landrätin
    Sprecher Sprecherin Direktor Direktorin Professor Professorin Trainer Trainerin Vorsitzende
    Vorsitzender Geschäftsführer Geschäftsführerin Chef Chefin Richter Richterin Pfarrer Pfarrerin
    Mme Mlle Maître Sra. Srta. Doña Dña. Signor Signora Sig. Sig.ra Dott. Dott.ssa Avv. Ing. Sra
    Mevrouw Mevr. Dhr. Wethouder Burgemeester Minister-president"""
)
# ("M.", "Sr.", "Don" are left out: an initial, "Senior" and a given name in English text.)
# Lower-case role nouns before a name in the Romance languages and Dutch ("la ministra Ana Ruiz",
# "le maire Paul Martin", "wethouder Jan de Boer").
ROLE_NOUNS_I18N = _words(
    """ministre maire président présidente député députée sénateur sénatrice porte-parole directeur
    directrice entraîneur juge procureur procureure professeur professeure chercheur chercheuse
    docteur avocat avocate préfet préfète ministro ministra alcalde alcaldesa presidente presidenta
    portavoz director directora entrenador entrenadora juez jueza fiscal profesor profesora doctor
    doctora abogado abogada consejero consejera diputado diputada concejal concejala sindaco sindaca
    assessore assessora portavoce direttore direttrice allenatore giudice procuratore professore
    professoressa dottore dottoressa avvocato avvocata deputato deputata senatore senatrice prefetto
    prefeito prefeita porta-voz diretor diretora treinador treinadora juiz juíza procurador
    procuradora professor professora médico médica advogado advogada vereador vereadora deputado
    deputada autarca burgemeester wethouder minister premier woordvoerder woordvoerster directeur
    voorzitter trainer rechter officier hoogleraar onderzoeker onderzoekster arts advocaat"""
)
SPEECH_VERBS_I18N = _words(
    """sagte sagt erklärte betonte kritisierte warnte meinte ergänzte bestätigte dit déclare
    déclaré explique expliqué affirme affirmé souligne souligné estime ajoute ajouté dijo afirmó
    explicó señaló declaró aseguró añadió advirtió indicó detto dichiarato spiega spiegato afferma
    sottolinea aggiunge disse afirmou explicou declarou garantiu acrescentou sublinhou zei zegt
    verklaarde stelde benadrukte aldus"""
)
# Organisation words: the last word of a German or Dutch name, the first of a Romance one
# ("Bundesamt für Migration", "Ministerio de Sanidad", "Universiteit van Amsterdam").
ORG_HEADS_I18N = _words(
    """Ministerium Bundesministerium Bundesamt Landesamt Amt Behörde Universität Hochschule Klinikum
    Krankenhaus Gemeinde Stadtrat Partei Verband Gewerkschaft Stiftung Verein Institut Gericht
    Bundesgerichtshof Polizei Feuerwehr Kommission Agentur Zentrum Ministère Université Mairie
    Conseil Commission Agence Institut Banque Parti Syndicat Fédération Association Société
    Tribunal Cour Hôpital Centre Comité Office Observatoire Ministerio Universidad Ayuntamiento
    Consejo Comisión Agencia Instituto Banco Partido Sindicato Federación Asociación Sociedad
    Hospital Centro Comité Fundación Junta Policía Guardia Ministero Università Comune Consiglio
    Commissione Agenzia Istituto Banca Partito Sindacato Federazione Associazione Società
    Tribunale Ospedale Comitato Fondazione Regione Polizia Ministério Universidade Câmara Conselho
    Comissão Agência Federação Associação Sociedade Fundação Polícia Prefeitura Assembleia
    Ministerie Universiteit Gemeente Raad Commissie Agentschap Instituut Partij Vakbond Federatie
    Vereniging Stichting Rechtbank Ziekenhuis Centrum Politie Hogeschool Academisch"""
)
_GERMANIC_HINT = re.compile(r" (?:der|das|dem|ein|eine|het|een) ")
_AFTER_DETERMINER = re.compile(
    r"(?<![\w-])(?:[Dd](?:er|ie|as|en|em|es)|[Ee]in(?:e|er|em|en|es)?|[Kk]eine?|het|een)[ \u00a0]+"
    r"(?:[a-zäöüß]+(?:e|en|er|es|em)[ \u00a0]+)?([A-ZÄÖÜ][a-zäöüß]+)(?![\w-])"
)
# German agent nouns that end a compound title before a name: "Einsatzleiter Andreas Huber",
# "Vorstandschefin Sabine Reuter", "Mitautor Pieter de Graaf".
_GERMAN_ROLE = re.compile(
    r"^[A-ZÄÖÜ][a-zäöüß]{2,}(?:leiter|leiterin|spieler|spielerin|chef|chefin|sprecher|sprecherin|autor|autorin"
    r"|vorstand|vorständin|direktor|direktorin|trainer|trainerin|präsident|präsidentin|minister|ministerin"
    r"|meister|meisterin|experte|expertin|forscher|forscherin|berater|beraterin|manager|managerin|rin|torin"
    r"|ingenieur|ingenieurin|arzt|ärztin|wirt|wirtin|händler|händlerin|bauer|bäuerin|loge|login|anwalt|anwältin)$"
    # the same words alone: "Wirtin Hilke Janssen", "Hilke Janssen, Wirtin eines Cafés"
    r"|^(?:Leiter|Spieler|Chef|Sprecher|Autor|Direktor|Trainer|Präsident|Minister|Meister|Experte|Forscher|Berater"
    r"|Manager|Ingenieur|Arzt|Wirt|Händler|Bauer|Lehrer|Pfarrer|Bürgermeister|Landwirt|Winzer|Fischer)(?:in)?$"
    r"|^(?:Expertin|Ärztin|Bäuerin)$"
)
_ORG_CONNECT_I18N = frozenset("für der des de del della dello delle dei di du do da dos das van voor".split())
# Capitalised determiners that open a sentence in those languages: never the first word of a name
# ("Die Polizei", "La Commission"). "De" is left out: it starts Dutch and Flemish surnames.
_DETERMINERS_I18N = _words(
    "Der Die Das Den Dem Des Ein Eine Einem Einen Einer Le Les Un Une El Los Las Il Lo Gli Uno Una Os As Um Uma Het Een"
)

# The rest of the language-aware word lists are data: data/entities_i18n.json (keys by language).
_DATA = json.loads((Path(__file__).parent / "data" / "entities_i18n.json").read_text(encoding="utf-8"))


def _by_language(key: str) -> dict[str, frozenset[str]]:
    return {lang: frozenset(words) for lang, words in _DATA[key].items()}


def _every_language(key: str) -> frozenset[str]:
    return frozenset(w for words in _DATA[key].values() for w in words)


# Short titles ("Me", "Sr.", "D.", "Dott.") would read initials and English words as titles in every
# language: they count only in their own language (_LANGUAGE_TITLES); the others count everywhere.
_LISTED_TITLES = {t for t in _every_language("titles") if len(t.rstrip(".")) > 3 and not t.endswith(".")}
# titles of other languages that are common surnames too ("Thomas Richter", "Maarten Dijkgraaf"): a title
# opens a name, so they may end one
_SURNAME_TITLES = (TITLES_I18N | _LISTED_TITLES) - TITLES
TITLES = TITLES | TITLES_I18N | _LISTED_TITLES
_LANGUAGE_TITLES = {
    lang: frozenset(t.rstrip(".") for t in titles if t.rstrip(".") not in TITLES) | ({"M"} if lang == "fr" else set())
    for lang, titles in _by_language("titles").items()
}
GIVEN_NAMES = GIVEN_NAMES | GIVEN_NAMES_I18N | _every_language("given_names")
# Given names of many countries (data/given_names.json, from Faker's locales): a weaker cue than the
# lists above, taken only where the article does not use the word in lower case ("Dunia", "dunia")
GIVEN_NAMES_WIDE = (
    frozenset(json.loads((Path(__file__).parent / "data" / "given_names.json").read_text(encoding="utf-8"))["names"])
    - GIVEN_NAMES
)
ROLE_NOUNS = ROLE_NOUNS | ROLE_NOUNS_I18N | _every_language("role_nouns")
# multi-word entries ("a déclaré") are read as their last word before the name, their first after it
SPEECH_VERBS = SPEECH_VERBS | SPEECH_VERBS_I18N | {w.split()[-1] for w in _every_language("speech_verbs")}
ORG_HEADS = ORG_HEADS | ORG_HEADS_I18N
_COMPANY_SUFFIXES = frozenset(_DATA["company_suffixes"])
ORG_SUFFIXES = ORG_SUFFIXES | ORG_HEADS_I18N | _COMPANY_SUFFIXES | {w.rstrip(".") for w in _COMPANY_SUFFIXES}

_SALUTATION = _words("Mr Mrs Ms Miss Mx Dr Prof Sir Dame")

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽƠƯẠ-Ỹ"
# (with Vietnamese: "ơ ư" and the letters with two marks, "ắ ế ộ", in Latin Extended Additional)
_LOW = "a-zß-öø-ÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĺļľŀłńņňōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżžơưạ-ỹ"
# (a plural possessive before another capitalised word stays in the span: "Employers' Association")
_WORD = rf"(?:[{_UP}][\w'’.\-&]*\w(?:-(?=[ \u00a0]und[ \u00a0])|(?<=s)['’](?=[ \u00a0]+[{_UP}]))?|[{_UP}]\.?)"
_CONNECT = (
    r"(?:of|for|on|and|de|da|das|dos|do|van|von|der|den|des|bin|ibn|al|el|la|le|du|del|della|dello|delle|dei|di|"
    r"ter|y|the|für|voor|und|en|dela|delos|los|las|&)"
)
# A run of capitalised words, joined by spaces and lower-case connectors, on one line; it may open with a
# saint's "St." ("St. Rita's Medical Center"; not "Main St." ending a sentence).
_SPAN = re.compile(rf"(?:St[e]?\.(?=[ \u00a0]+[{_UP}])|{_WORD})(?:[ \u00a0]+(?:{_CONNECT}[ \u00a0]+)*{_WORD})*")
_NAME_TOKEN = re.compile(
    rf"^(?:[{_UP}][{_LOW}]+(?:[{_UP}][{_LOW}]+)?|[{_UP}]['’][{_UP}][{_LOW}]+|[{_UP}]\.|Mc[{_UP}][{_LOW}]+"
    # "Ng'ang'a", "Dell'Orto", "Sant'Anna": an apostrophe inside a surname
    rf"|[{_UP}][{_LOW}]+(?:['’](?!s$)[{_LOW}]+)+|[{_UP}][{_LOW}]{{1,3}}['’][{_UP}][{_LOW}]+)"
    rf"(?:-[{_UP}]?[{_LOW}]+)*$"
)
# Compiled once: each is tried for almost every capitalised span of every article, and re's own
# cache lookup per call cost more than the match.
_NONSPACE = re.compile(r"\S+")
_AFFILIATION_BEFORE = re.compile(r"\b(?:of|at|from|with|by|for)[ \u00a0]+$")
_LOWER_BEFORE = re.compile(r"([a-zßäöü][a-zßäöü-]*)[ \u00a0]+$")
_TOKEN_BEFORE = re.compile(r"(\S+)[ \u00a0]+$")
_CAPITAL_AFTER = re.compile(r"[ \u00a0]+([A-Z]\w*)")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w-]*)[ \u00a0]+$")
_VERB_AFTER = re.compile(r",?[ \u00a0]+([^\W\d_A-Z]+)")
_AUXILIARIES = frozenset("a ha hat heeft has had have ont hanno tem têm".split())
_VERB_BEFORE = re.compile(r"(?<!\w)([^\W\d_A-Z]+)(?:[ \u00a0]+to)?[ \u00a0]+$")
# ", 74," and ", 74 anni," / ", 74 ans," / ", 74 Jahre," / ", 74 años," / ", 74 jaar,"
_AGE_AFTER = re.compile(r",[ \u00a0]+\d{1,3}(?:[ \u00a0]+(?:anni|ans|Jahre|años|anos|jaar))?,")
_CAPITALISED_BEFORE = re.compile(r"([A-Z][\w'’-]*)[ \u00a0]+$")
_ACRONYM_AFTER = re.compile(r"[ \u00a0]*\((?P<a>[A-Z][A-Za-z&.]{1,11})\)")
_LOWER_WORD = re.compile(rf"(?<![\w'’])[{_LOW[:3]}][a-z'’-]*")
_POSSESSIVE = re.compile(r"['’]s?$")
_PERSON_CONNECT = frozenset(
    "van von der den de da das dos di du del della la le bin ibn al el ter y dela delos ó ua".split()
)
_ORG_CONNECT = frozenset("of for on the and &".split())
PLACES_LOWER = frozenset(p.lower() for p in PLACES)
_DISTRICT_KINDS = frozenset(_DATA["district_kinds"])
_GOV_SUFFIXES = _words("Commission Committee Council Department Ministry Agency Authority Board Office")


@dataclass
class _Tok:
    text: str
    start: int
    end: int


@dataclass
class _Entity:
    name: str
    first: int
    evidence: list[Evidence] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)


def extract_entities(
    body: str, *, ignore_spans: Iterable[tuple[int, int]] = (), language: str = ""
) -> tuple[tuple[EntityTag, ...], tuple[EntityTag, ...]]:
    """People and organisations named in `body`, most mentioned first.

    Evidence offsets index `body`; mentions overlapping one of `ignore_spans` (start, end) -
    a dateline or a caption, say - are not counted. `language` (ISO 639-1) turns on the rules of that
    language (organisations named head first in French, Spanish, Italian and Portuguese; German
    compounds and citation forms); without it only the rules shared by all languages apply.
    """
    ignore = sorted(ignore_spans)
    lower_vocab = plain_lower = set(_LOWER_WORD.findall(body))
    # German capitalises every noun: a capitalised word the text also uses after a determiner
    # ("die Menschen", "der Einsatz") is a common noun, so it counts as a lower-case word here.
    if _GERMANIC_HINT.search(body):  # the scan costs a tenth of the extraction of an English article
        lower_vocab = lower_vocab | {m.group(1).lower() for m in _AFTER_DETERMINER.finditer(body)}
    people: dict[str, _Entity] = {}
    orgs: dict[str, _Entity] = {}
    # a score and a verb of winning or losing: a sports report, where "Norwich City" is a club
    beaten = not _SPORT_VERBS.isdisjoint(lower_vocab) or any(v in body for v in _SPORT_VERBS_ACCENTED)
    ctx = _Context(language, beaten and (_SCORE.search(body) or _SCORE_IN_WORDS.search(body)) is not None, beaten)
    german = language == "de"

    text_body = body
    if language in _HEAD_FIRST_RE:
        taken = _head_first_orgs(body, language, orgs)
        if ignore and taken:
            for ent in orgs.values():
                ent.evidence = [ev for ev in ent.evidence if not _ignored(ignore, ev.start, ev.end)]
        if taken:
            text_body = _masked(body, taken)  # the spans below do not read these names again
    if language in ("", "en"):
        _kinds_listed(body, ignore, orgs)
        for m in _NATIONAL_GOVERNMENT.finditer(body):
            if m.group(1) in _DEVOLVED and not (ignore and _ignored(ignore, m.start(), m.end())):
                _register(orgs, m.group(0), body, m.start(), m.end())
    if language == "nl":
        for rx in (_DUTCH_AUTHORITY, _DUTCH_AUTHORITY_OF):
            for m in rx.finditer(body):
                if not (ignore and _ignored(ignore, m.start(), m.end())):
                    _register(orgs, m.group(0), body, m.start(), m.end())
    spans = []  # every capitalised run, for the listed organisations (_count_listed_orgs)
    for m in _SPAN.finditer(text_body):
        start, text = m.start(), m.group(0)
        spans.append(text)
        if (
            " " not in text
            and "\u00a0" not in text
            and not _kind_before(body, start)
            and not (german and (text.startswith(_GERMAN_SINGLE) or text in _GERMAN_PARLIAMENTS))
            and not (body[m.end() : m.end() + 2] == ", " and _kind_after(body, m.end()))
        ):
            continue  # one word, and no kind of organisation before it: no rule can use it (_classify_span)
        if ignore and _ignored(ignore, start, m.end()):
            continue
        for toks in _split_span(body, start, text):
            _classify_span(text_body, toks, lower_vocab, people, orgs, ctx)

    if "(" in body:
        _names_spelt_by_acronym(body, ignore, people, orgs, language)
    if "Fils" in body or "Sons" in body or "Figli" in body or _FAMILY_HINT.search(body):
        _family_firms(body, ignore, orgs)
    _count_known_orgs(body, ignore, orgs)
    _count_listed_orgs(body, spans, ignore, (plain_lower, lower_vocab), people, orgs, ctx)
    if language and language != "en":
        _count_acronyms(body, ignore, people, orgs)
    else:
        # English news uses many capitalised abbreviations that name no body (grades, tests, units): an
        # acronym counts when it speaks or acts ("the BMKG said", "according to NOAA", "the WTA's chief")
        _count_acronyms(body, ignore, people, orgs, acting=True)
    _count_aliases(body, ignore, orgs)
    _count_people(body, ignore, people)
    if (ctx.score or not _SPORT_ROLES.isdisjoint(plain_lower)) and not _INDIVIDUAL_SPORT.search(body):
        _clubs_by_context(body, ignore, people, orgs, plain_lower)
    elif _MARKET_CUE.search(body):
        _companies_by_their_shares(body, ignore, people, orgs, plain_lower)
    _merge_people(people, orgs)
    return _tags(people), _tags(orgs)


# --- spans -----------------------------------------------------------------------------------


def _token(t: str, start: int) -> tuple[_Tok, bool]:
    """One word of a span as a token, and whether the span is cut after it (a possessive that is not
    part of a name, a sentence's full stop)."""
    possessive = len(t) > 3 and t.endswith(("'s", "’s", "s'", "s’"))
    if possessive and _possessive_in_name(t):
        # "County Sheriff's Office", "Employers' Associations": a common noun's possessive inside
        # the name of a body, not a place or person owning what follows
        return _Tok(t, start, start + len(t)), False
    core = t[:-2] if t.endswith(("'s", "’s")) else (t[:-1] if possessive else t)
    sentence_end = core.endswith(".") and len(core) > 2 and core[:-1] not in _ABBREVIATIONS
    if sentence_end:
        core = core[:-1]
    return _Tok(core, start, start + len(core)), possessive or sentence_end


def _split_span(body: str, offset: int, text: str) -> list[list[_Tok]]:
    """Tokens of a span, cut at possessives ("Morocco's | Defence Minister ..."), at sentence
    ends and at "and" - except inside names of public bodies ("Ministry of Trade and Industry",
    "Securities and Exchange Commission")."""
    if " " not in text and "\u00a0" not in text:
        # one word (most spans: a sentence's first word, a lone name): the same steps as below, without
        # the bookkeeping for several parts
        if text.rstrip(".,") in _NEVER_IN_NAME:
            return []
        tok = _token(text, offset)[0]
        if tok.text in _ORG_CONNECT or tok.text.lower() in _PERSON_CONNECT or tok.text in _NEVER_FIRST:
            return []
        return [[tok]]
    parts: list[list[_Tok]] = [[]]
    joins: list[bool] = []  # joins[k]: parts k and k+1 were separated by "and"
    raw = list(_NONSPACE.finditer(text))
    for i, m in enumerate(raw):
        t = m.group(0)
        start = offset + m.start()
        # Spanish "y" joins two surnames ("Ortega y Gasset") but also two people ("Ana Ruiz y Eva Gil"):
        # before a given name it is an "and"
        if t in _AND_WORDS or (t == "y" and i + 1 < len(raw) and raw[i + 1].group(0) in GIVEN_NAMES):
            parts.append([])
            joins.append(True)
            continue
        prev = parts[-1][-1].text if parts[-1] else ""
        # an "of" that stays in the name after a word that is not a head: "Group of Seven", and a body already
        # named by its head's "of" phrase, then the country it belongs to, ending the span ("University of
        # Science and Technology of China", "Association of Licensed Telecom Operators of Nigeria")
        takes_of = (
            t == "of"
            and i + 1 < len(raw)
            and (
                (prev == "Group" and _group_member(raw[i + 1].group(0)))
                # "City of London Police", "City of Edinburgh Council": the city's own body
                or (prev == "City" and raw[-1].group(0).rstrip(".,") in ORG_SUFFIXES)
                or (
                    i + 2 == len(raw)
                    and raw[i + 1].group(0).rstrip(".,") in _COUNTRY_NAMES
                    and any(x.text in ORG_HEADS for part in parts for x in part)
                    and any(x.text in ("of", "for") for part in parts for x in part)
                )
            )
        )
        if t.rstrip(".,") in _NEVER_IN_NAME or (t in ("of", "for", "on") and prev not in _OF_HEADS and not takes_of):
            # "Bristol Crown Court on Tuesday", "Claire Ward of Avon Police", "Shares of Acme Inc":
            # only organisation heads and titles take an "of" phrase into their name.
            parts.append([])
            joins.append(False)
            continue
        elided = _ELISION.match(t) if ("'" in t or "’" in t) else None
        if elided and t[:1].isupper() and prev and prev[:1].isupper() and prev in GIVEN_NAMES:
            elided = None  # "Massimo Dell'Orto", "Chiara D'Ambrosio": a surname's particle after a given name
        if elided:
            if not t[elided.end() : elided.end() + 1].isupper():
                parts.append([])  # "L'association | Lire Ensemble": a lower-case noun ends the name
                joins.append(False)
                continue
            t, start = t[elided.end() :], start + elided.end()  # "L'Université" -> "Université"
        tok, cut = _token(t, start)
        if cut and prev in _SAINTS and t.endswith(("'s", "’s")):
            tok, cut = _Tok(t, start, start + len(t)), False  # "St Mary's Hospital"
        elif not cut and prev and t.endswith(("s'", "s’")) and f"{prev} {t[:-1]}".lower() in PLACES_LOWER:
            tok, cut = _Tok(t[:-1], start, start + len(t) - 1), True  # "Buenos Aires' City Council": a place's
        parts[-1].append(tok)
        if cut:
            parts.append([])
            joins.append(False)
    merged: list[list[_Tok]] = [parts[0]]
    for k, toks in enumerate(parts[1:]):
        left = merged[-1]
        if joins[k] and left and toks and (_public_body_and(left, toks) or _acronym_joins(body, left, toks)):
            gap = text[left[-1].end - offset : toks[0].start - offset].strip()
            left.append(toks[0].__class__(gap, left[-1].end + 1, left[-1].end + 1 + len(gap)))
            left.extend(toks)
        else:
            merged.append(toks)
    out = []
    for toks in merged:
        toks = [t for t in toks if t.text not in _AND_WORDS] if not _has_org_word(toks) else toks
        while toks and (
            toks[0].text in _ORG_CONNECT
            or toks[0].text.islower()
            # a capitalised particle inside a sentence begins the name: "Van Rijn N.V.", "De Beers", "Di María"
            or (toks[0].text.lower() in _PERSON_CONNECT and (len(toks) == 1 or _sentence_initial(body, toks[0].start)))
        ):
            toks.pop(0)
        while toks and (toks[-1].text in _ORG_CONNECT or toks[-1].text.lower() in _PERSON_CONNECT):
            toks.pop()
        while toks and (toks[0].text in _NEVER_FIRST or toks[0].text.islower()):
            toks = toks[1:]
        if toks:
            out.extend(_split_before_org(toks))
    return out


# Name particles that may also join a person to the body they belong to ("Tom Smit van de
# Universiteit van Amsterdam", "Ana Ruiz de la Universidad de Chile").
_AFFILIATION = frozenset("van von de di da do du del della des der das den dem".split())
_AND_WORDS = frozenset(("and", "und", "en"))
_ELISION = re.compile(r"^(?:[LlDd]|[Dd]ell|[Dd]all|[Nn]ell|[Aa]ll|[Ss]ull|[Qq]u)['’](?=\w)")
_SAINTS = frozenset(("St", "St.", "Saint", "Ste", "San", "Santa"))


def _split_before_org(toks: list[_Tok]) -> list[list[_Tok]]:
    """Cut "<name> van de <Organisation ...>" in two when the left part has no organisation word."""
    for i in range(1, len(toks) - 1):
        if toks[i].text not in _AFFILIATION:
            continue
        j = i + 1
        while j < len(toks) and toks[j].text.lower() in _ORG_CONNECT_I18N | {"la", "le", "het", "the"}:
            j += 1
        if j < len(toks) and _has_org_word(toks[j:]) and not _has_org_word(toks[:i]):
            # "Forscher der Universität Heidelberg", "Onderzoekers van de Anton de Kom Universiteit"
            return [toks[:i], toks[j:]]
        if toks[i + 1].text in GIVEN_NAMES and not any(t.text in GIVEN_NAMES for t in toks[:i]):
            return [toks[:i], toks[i + 1 :]]  # "Gastbeitrag von Katharina Lenz"
    return [toks]


# countries by their English names (PLACES also holds regions and cities)
_COUNTRY_NAMES = frozenset(COUNTRY_NAMES.values()) & PLACES
_NUMBER_WORDS = _words("Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Twenty")


def _group_member(word: str) -> bool:
    """ "Group of Seven", "Group of 77", "Group of Hospitals": a group of numbered or plural members, not
    "Yamaha Group of Japan" or "the Investment Banking Group of Shearson Lehman"."""
    w = word.rstrip(".,;:")
    if w.isdigit() or w in _NUMBER_WORDS:
        return True
    return (
        w[:1].isupper()
        and w.endswith("s")
        and not w.endswith(("ss", "'s", "’s"))  # not "the Yamaha Group of Japan's Nippon-Gakki"
        and w.lower() not in PLACES_LOWER
    )


_POSSESSIVE_NOUNS = _words("women men children people sheriff veterans workers nurses teachers farmers")


def _possessive_in_name(token: str) -> bool:
    stem = token[:-2] if token.endswith(("'s", "’s")) else token[:-1]
    if token.endswith(("s'", "s’")):
        # plural: "Magistrates'"; not a company's ("Litton Industries' Applied Technology Division")
        return stem[:1].isupper() and stem.lower() not in PLACES_LOWER and stem not in ORG_SUFFIXES
    return stem.lower() in _POSSESSIVE_NOUNS or stem.lower() in ROLE_NOUNS


def _has_org_word(toks: list[_Tok]) -> bool:
    for t in toks:
        w = t.text
        if w == "International":
            continue  # an org word at the end ("Amnesty International"), not inside ("China International Trust")
        if w in ORG_SUFFIXES or w in ORG_HEADS:
            return True
        if len(w) >= 7 and w[0].isupper() and _org_word(w):
            return True
    return False


def _org_word(w: str) -> bool:
    """A word that ends or starts a body's name, alone or as the last part of a compound
    ("Koch-Institut", "Krebsforschungszentrum", "Planbureau")."""
    if w in ORG_SUFFIXES or w in ORG_HEADS:
        return True
    if len(w) < 7 or not w[:1].isupper():
        return False
    if "-" in w and w.rsplit("-", 1)[-1] in ORG_SUFFIXES:
        return True
    low = w.lower()
    if not low.endswith(_COMPOUND_TAIL):
        return False  # the common case: no body's head at its end, German or Dutch
    return _german_org_word(w) is not None or low.endswith(_DUTCH_SUFFIXES)


def _acronym_joins(body: str, left: list[_Tok], right: list[_Tok]) -> bool:
    """ "National Disaster Risk Reduction and Management Council (NDRRMC)": the acronym after the
    second part spells the capitals of both, so "and" is inside one name."""
    a = _ACRONYM_AFTER.match(body, right[-1].end)
    if not a:
        return False
    initials = [t.text[0] for t in left + right if t.text[:1].isupper() and t.text not in ("The",)]
    return [c for c in a["a"] if c.isupper()] == initials and len(initials) >= 3


def _public_body_and(left: list[_Tok], right: list[_Tok]) -> bool:
    """ "Ministry of Trade and Industry", "Canal and River Trust", "Avon and Somerset Police": one
    name when the left side is a bare modifier and the right side ends in an organisation word."""
    words = [t.text for t in left if t.text not in ("The", "the")]
    if right and right[0].text in ("the", "The", "het", "de", "die", "der", "das") and _has_org_word(left):
        return False  # "University of Otago and the Australian Antarctic Division": two names
    if words and words[-1].endswith("-"):
        return True  # "Industrie- und Handelskammer"
    if len(words) >= 3 and any(
        _org_word(words[i]) and words[i + 1] in ("of", "for", "für", "voor", "van", "der", "des")
        for i in range(len(words) - 1)
    ):
        return True  # "Ministry of Trade and Industry", "Landesamt für Straßenbau und Verkehr"
    return (
        1 <= len(words) <= 3
        and right[-1].text in ORG_SUFFIXES
        and not _has_org_word(left)
        and not any(w in TITLES for w in words)
        and not any(w in GIVEN_NAMES for w in words)
    )


_ABBREVIATIONS = _words(
    "Mr Mrs Ms Dr Prof St Gen Col Lt Sgt Capt Sen Rep Gov Rev Jr Sr Inc Co Corp Ltd Fr Maj Adm Cmdr Hon U.S U.K U.N"
)
_NEVER_FIRST = COMMON_CAPITALISED | MONTHS | WEEKDAYS | _DETERMINERS_I18N | _every_language("sentence_openers")
_NEVER_IN_NAME = MONTHS | WEEKDAYS
_OF_HEADS = ORG_HEADS | TITLES


def _sentence_initial(body: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and body[i] in " \u00a0\"“‘'(":
        i -= 1
    return i < 0 or body[i] in ".!?:\n"


def _classify_span(
    body: str,
    toks: list[_Tok],
    lower_vocab: set[str],
    people: dict[str, _Entity],
    orgs: dict[str, _Entity],
    ctx: _Context,
) -> None:
    if len(toks) == 1:
        # One word: of the rules below only "the consumer group Codacons" can name anything (the
        # others need two words, and a lone title introduces no one).
        if toks[0].text.rstrip(".") not in TITLES and not _german_single(toks, orgs, ctx):
            _named_by_kind(body, toks, orgs)
        return
    # "Simon Achterberg KC", "Dame Jane Ellison DBE", "Martin Luther King Jr": letters after a person's name
    # (a member's letters only after a given name: "Ealing North MP Stephen Pound" names the seat first)
    last = toks[-1].text.rstrip(".")
    post_nominal = (
        len(toks) >= 3
        and (last in _POST_NOMINALS or last in _GENERATIONS)
        and (last not in _MEMBER_LETTERS or toks[0].text in GIVEN_NAMES or toks[0].text in GIVEN_NAMES_WIDE)
        and _CAPITAL_AFTER.match(body, toks[-1].end) is None
    )
    if post_nominal and last in _POST_NOMINALS:
        toks = toks[:-1]  # (but "Jr" stays: "Stewart Bainum Jr" and "Stewart Bainum Sr" are two people)
    # A sentence-initial ordinary word ("Both", or a participle such as "Citing") is not part of a name.
    if (
        len(toks) > 1
        and _sentence_initial(body, toks[0].start)
        and (toks[0].text.lower() in lower_vocab or (ctx.language in ("", "en") and _participle(toks[0].text)))
        # (but "City of Edinburgh Council leader …" begins with the body's own name)
        and not (toks[1].text == "of" and any(t.text in ORG_SUFFIXES for t in toks[2:]))
    ):
        toks = toks[1:]
    if len(toks) >= 3 and _GERMAN_ROLE.match(toks[0].text) and toks[0].text not in GIVEN_NAMES:
        toks = [toks[0].__class__("Herr", toks[0].start, toks[0].end), *toks[1:]]  # a title, like "Herr"
    elif ctx.language == "de" and len(toks) >= 4:
        # "Rheinaus Sportdirektor Marcel Kuhnert", "Siemens-Chefin Anna Berg": the body or place, the role, the name
        for i in range(1, len(toks) - 2):
            if _GERMAN_ROLE.match(toks[i].text) and toks[i].text not in GIVEN_NAMES:
                toks = [*toks[:i], toks[i].__class__("Herr", toks[i].start, toks[i].end), *toks[i + 1 :]]
                break
    first = toks[0].text
    names = [t.text for t in toks]
    if _east_asian_name(names, lower_vocab):
        _add(people, toks, body)
        return
    if (
        len(toks) > 2
        and _sentence_initial(body, toks[0].start)
        and (_is_role(first.lower(), ctx.language) or _is_role(first.lower().removesuffix("s"), ctx.language))
        and _east_asian_name(names[1:], lower_vocab)
    ):
        _add(people, toks[1:], body)  # "Farmer Đinh Văn Thắng", "Researchers Zhu Liwen": a job, then the name
        return
    if first in _NOT_PERSON_HEADS or _facility_before(body, toks[0].start):
        # "Estación Biológica de Doñana", "Estádio José Alvalade", "no Estádio | José Alvalade": a place
        # or a body named after someone, not the person
        _maybe_org(body, toks, orgs) or _named_by_kind(body, toks, orgs)
        return
    if len(toks) >= 3 and first.lower() in _ANALYSTS and toks[1].text in _AGENT_LINKS:
        _named_by_kind(body, toks[2:], orgs)  # "Analistas de Banorte estiman": the sentence begins with the link
        return
    if (first in _CLUB_PREFIXES or ctx.beaten) and _club(body, toks, orgs, ctx):
        return
    at = next((i for i in range(1, len(toks) - 1) if toks[i].text in _CLUB_INSIDE), 0)
    if at and _club(body, toks[at:], orgs, ctx):
        # "am Sonntag den TuS Kranzberg", "beim Tabellenführer SpVgg Hollfeld": what comes before is no part of it
        rest = toks[:at]
        while rest and rest[-1].text.islower():
            rest = rest[:-1]
        if rest:
            _classify_span(body, rest, lower_vocab, people, orgs, ctx)
        return
    if ctx.language in ("de", "nl") and (_kind_first(body, toks, orgs, ctx) or _german_body(body, toks, orgs, ctx)):
        return
    words = [t.text for t in toks]
    # Titles split a span into an organisation/role part and a name part:
    # "Bank of England Governor Andrew Bailey", "Kenya's Trade Minister Amina Odhiambo".
    own_titles = _LANGUAGE_TITLES.get(ctx.language, frozenset())
    title_at = max(
        (
            i
            for i, w in enumerate(words)
            if (w.rstrip(".") in TITLES or (w.endswith(".") and w[:-1] in own_titles))
            # (not a surname that is another language's title after a given name: "Thomas Richter")
            and not (
                i == len(words) - 1
                and i > 0
                and w in _SURNAME_TITLES
                and (words[i - 1] in GIVEN_NAMES or words[i - 1] in GIVEN_NAMES_WIDE)
            )
        ),
        default=-1,
    )
    if title_at >= 0 and words[-1] in ORG_SUFFIXES and _maybe_org(body, toks, orgs):
        return  # "General Statistics Office", "Chief Medical Officer's Office": a body, not a title
    if title_at >= 0:
        prefix = _trim_modifiers(toks[:title_at])
        if prefix:
            _maybe_org(body, prefix, orgs)
        name = toks[title_at + 1 :]
        # "Secretary of State Antony Blinken": skip the portfolio after the title
        while name and (name[0].text in _ORG_CONNECT or name[0].text in TITLE_MODIFIERS or name[0].text in PLACES):
            name = name[1:]
        if name and name[0].text in _AFFILIATION:
            # "Minister van Volksgezondheid Ravi Jagessar", "ministre de la Santé …": the portfolio, then the name
            given = next((j for j, t in enumerate(name) if t.text in GIVEN_NAMES or t.text in GIVEN_NAMES_WIDE), 0)
            if given >= 2:
                name = name[given:]
        if len(name) == 1:
            return  # "Mr Duarte": counted for the full name by the surname pass
        name = _cut_of_place(name)
        if _name_length_ok(name) and _valid_name(name, lower_vocab, cue=True, titled=True):
            _add(people, name, body)
        return
    if _maybe_org(body, toks, orgs) or _defined_acronym(body, toks, orgs) or _named_by_kind(body, toks, orgs):
        return
    # "Local MSP Fiona Kettridge", "Lib Dem MEP Anna Brook": a role's letters (or a role) before a given name
    at = next(
        (
            i
            for i in range(1, len(words) - 1)
            if words[i] in GIVEN_NAMES
            and ((words[i - 1].isupper() and len(words[i - 1]) >= 2) or words[i - 1].lower() in ROLE_NOUNS)
            and not any(w in GIVEN_NAMES for w in words[:i])
        ),
        0,
    )
    if at:
        toks, words = toks[at:], words[at:]
        if _name_length_ok(toks) and _valid_name(toks, lower_vocab, cue=True):
            _add(people, toks, body)
        return
    if not _name_length_ok(toks):
        return
    cue = (
        post_nominal
        or _role_before(body, toks[0].start, ctx.language)
        or words[0] in GIVEN_NAMES
        or (words[0] in GIVEN_NAMES_WIDE and _wide_given_name(words, lower_vocab))
        or _CREDIT_BEFORE.search(body[max(0, toks[0].start - 30) : toks[0].start]) is not None
    )
    if len(toks) > 2 and (
        words[0].lower() in ROLE_NOUNS
        or (
            words[1] in GIVEN_NAMES
            and words[0] not in GIVEN_NAMES
            and (words[0] not in GIVEN_NAMES_WIDE or words[0] in _LABELS_BEFORE_NAMES)
        )
        # "Akkerbouwer Gerrit-Jan ter Horst uit Emmeloord": the role noun of the language opens the sentence
        or (
            ctx.language not in ("", "en", "de")
            and _sentence_initial(body, toks[0].start)
            and _is_role(words[0].lower(), ctx.language)
        )
    ):
        # "Resident Tom Fairley, 67, said": a role noun capitalised at the start of a sentence
        toks, words, cue = toks[1:], words[1:], True
    # "Bram Oosterhuis van ING", "Paul Verschuren van Feyenoord": a particle before a listed body or an
    # acronym joins the person to it; the name ends before it
    for i in range(2, len(toks) - 1):
        rest = " ".join(t.text for t in toks[i + 1 :])
        if toks[i].text in _AFFILIATION and (rest in _LISTED_FORMS or (i + 2 == len(toks) and rest.isupper())):
            toks, words = toks[:i], words[:i]
            break
    if ctx.language == "de" and _NUMBER_BEFORE.search(body, max(0, toks[0].start - 12), toks[0].start):
        return  # "83,4 Millionen Menschen", "300 Euro Strafe": German nouns after a number
    context = (
        _speech_near(body, toks[0].start, toks[-1].end)
        or _age_after(body, toks[-1].end)
        or _APPOSITION.match(body, toks[-1].end) is not None
        or _role_after(body, toks[-1].end, ctx.language)
        or _surname_again(body, toks)
    )
    if not cue and not context:
        return
    if not cue and _AFFILIATION_BEFORE.search(body[max(0, toks[0].start - 6) : toks[0].start]):
        return  # "an analyst at Morgan Stanley said": an affiliation, not a speaker
    if _valid_name(toks, lower_vocab, cue=cue):
        _add(people, toks, body)
    elif (
        context
        and (words[0] in GIVEN_NAMES or (words[0] in GIVEN_NAMES_WIDE and words[0].lower() not in lower_vocab))
        and _valid_name(toks, lower_vocab, cue=cue, places_ok=True)
    ):
        # "Jordan Alvarez, 23,", "Clarence Hampton said": a given name that is also a place, or a surname that
        # is a town, where the sentence speaks of a person
        _add(people, toks, body)


_NOT_PERSON_HEADS = frozenset(_DATA["not_person_heads"])
# a party's or a people's label before a name ("Tory Edward Turnour", "Scot Nick Smith"), though some are given
# names somewhere too; other words of the wide list that open three are the first of three names ("Syed Imran …")
_LABELS_BEFORE_NAMES = _words("Tory Scot Brit Kiwi Aussie Yank Democrat Republican Liberal Unionist Nationalist Green")
_NUMBER_BEFORE = re.compile(r"\d[ \u00a0]+$")
_MEMBER_LETTERS = _words("MP MEP MSP MLA MS TD")
_POST_NOMINALS = _MEMBER_LETTERS | _words("KC QC OBE CBE MBE KBE DBE FRS PhD")
_GENERATIONS = _words("Jr Jnr Sr Snr")
_FACILITY_WORD_BEFORE = re.compile(r"(?<![\w-])([^\W\d_][\w-]*)[ \u00a0]+$")


def _facility_before(body: str, start: int) -> bool:
    word = _FACILITY_WORD_BEFORE.search(body, max(0, start - 30), start)
    return word is not None and word.group(1) in _NOT_PERSON_HEADS


def _wide_given_name(words: list[str], lower_vocab: set[str]) -> bool:
    """ "Callum Strachan": a given name of the wide list opens the run, the text does not use it as a
    word, and the run is no town the gazetteer knows ("Santa Fe", "Myrtle Grove", "Belo Horizonte")."""
    return (
        words[0].lower() not in lower_vocab
        and not is_place_name(words[0])  # "Philippine Pesos", "Chester Zoo"
        and not is_place_name(" ".join(words[:2]))
        and not is_place_name(" ".join(words))
    )


def _name_length_ok(toks: list[_Tok]) -> bool:
    """Two to four words besides the particles, six in all: "Lucía de la Fuente Arriaga", "Osvaldo Ferraz de Lima"."""
    return 2 <= sum(1 for t in toks if not _particle(t.text)) <= 4 and len(toks) <= 6


def _particle(word: str) -> bool:
    """ "de", "van", "Ó"; "los" and "las" only in lower case ("Juan de los Santos", but "Arjen Los")."""
    return word.lower() in _PERSON_CONNECT or word in ("los", "las")


def _participle(word: str) -> bool:
    """ "Citing", "Welcoming", "Describing": an -ing verb opening a sentence, not a given name (the few
    given names that end so, "Sterling", are in GIVEN_NAMES)."""
    return len(word) > 5 and word.endswith("ing") and word[1:].islower() and word not in GIVEN_NAMES


def _defined_acronym(body: str, toks: list[_Tok], orgs: dict[str, _Entity]) -> bool:
    """ "Harbour Workers Union (HWU)", "National Institute for Nuclear Physics (NINP)": a name the text
    defines an acronym for is an organisation, even without an organisation word in it."""
    words = [t.text for t in toks if t.text not in ("The", "the")]
    a = _ACRONYM_AFTER.match(body, toks[-1].end)
    if not a or len(words) < 2 or not a["a"].isupper() or not _acronym_fits(a["a"], words):
        return False
    if any(w in GIVEN_NAMES or w in TITLES for w in words) or " ".join(words) in PLACES:
        return False
    start = next(t.start for t in toks if t.text not in ("The", "the"))
    name = " ".join(words)
    ent = orgs.get(name)
    if ent is None:
        ent = orgs[name] = _Entity(name=name, first=start)
    ent.evidence.append(Evidence(body[start : toks[-1].end], start, toks[-1].end))
    ent.aliases.add(a["a"])
    return True


# Lower-case nouns that introduce an organisation's name: "the consumer group Codacons", "grid
# operator Ukrenergo", "the equipment maker ASML", "a deal with the broadcaster Netflix".
_ENGLISH_KINDS = _words(
    """company firm group maker operator agency channel broadcaster bank insurer carrier airline
    retailer manufacturer start-up startup charity party body organisation organization network
    newspaper publisher utility lender chain brand studio platform regulator watchdog developer
    producer supplier giant conglomerate centre center institute foundation association movement
    militia club union federation outlet daily weekly magazine chipmaker carmaker automaker drugmaker
    planemaker steelmaker consultancy"""
)
_ORG_KINDS = _ENGLISH_KINDS | _every_language("org_kinds") | {"department store", "supermarket chain"}
# Dutch compounds that end in a kind of company ("aardappelverwerker Aviko", "energiebedrijf Eneco")
_KIND_TAILS = ("bedrijf", "verwerker", "fabrikant", "producent", "leverancier", "vervoerder", "maatschappij", "bouwer")
_KIND_ADJECTIVES = tuple(
    {e for endings in _DATA["org_adjective_endings"].values() for e in endings} | {"esco", "esca", "eschi", "esche"}
)
# the words before a preposition that make the name after it an organisation's
_ANALYSTS = frozenset(
    "analyst analysts economist economists strategist strategists analista analistas economista economistas "
    "analisti analyste analystes économiste économistes analist analisten econoom economen "
    "analysten ökonom ökonomen volkswirt volkswirte".split()
)
_OPERATED = frozenset("operated manufactured published broadcast insured underwritten".split())
_AGENT_LINKS = {
    "by": _OPERATED,
    **{p: _ANALYSTS for p in "at from de da do di del della chez van bij bei von".split()},
}
_RELATIVES = frozenset(("che", "que", "qui", "die", "dat", "which", "that"))
_DUTCH_KIND_TAILS = ("organisatie", "vereniging", "partij")
_KIND_OF = frozenset(("de", "di", "da", "do", "des", "dei", "delle", "van"))


def _plural(noun: str) -> str:
    if noun.endswith(("ch", "sh")):
        return noun + "es"
    return noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else noun + "s"


# "the Scottish Government", "the Welsh Government": governments whose official name that is (not "the
# Japanese Government", a generic reference however it is capitalised)
_NATIONAL_GOVERNMENT = re.compile(r"\b([A-Z][a-z]+)[ \u00a0]Government\b")
_DEVOLVED = frozenset(("Scottish", "Welsh"))
_PLURAL_KINDS = frozenset({_plural(k) for k in _ENGLISH_KINDS - {"brand"}} | {"rivals", "peers"})
# "Asian suppliers including CATL", "carmakers such as Renault, Stellantis and Kia": the names a kind lists
# (the trigger words first, then the word before them: one scan for three words, not for a hundred kinds)
_KIND_LIST = re.compile(r"(?:including|such[ \u00a0]+as|like)[ \u00a0]+(?=[A-Z])")
_KIND_BEFORE_LIST = re.compile(r"([A-Za-z-]+),?[ \u00a0]+$")
_LISTED_NAME = re.compile(rf"{_WORD}(?:[ \u00a0]+(?:&[ \u00a0]+)?{_WORD}){{0,3}}")
_LIST_SEPARATOR = re.compile(r",?[ \u00a0]+(?:and|or)[ \u00a0]+|,[ \u00a0]+")


_OWNER = re.compile(r"([^\W\d_][\w.-]*(?: [^\W\d_][\w.-]*)?)['’]s[ \u00a0]+")


def _kinds_listed(body: str, ignore: list[tuple[int, int]], orgs: dict[str, _Entity]) -> None:
    for m in _KIND_LIST.finditer(body):
        kind = _KIND_BEFORE_LIST.search(body[max(0, m.start() - 30) : m.start()])
        if kind is None or kind.group(1).lower() not in _PLURAL_KINDS:
            continue
        pos = m.end()
        while (name := _LISTED_NAME.match(body, pos)) is not None:
            text, start, end = name.group(0), name.start(), name.end()
            if (owner := _OWNER.match(text)) and owner.group(1) in PLACES:
                text, start = text[owner.end() :], start + owner.end()  # "France's Dassault Aviation"
            if _POSSESSIVE.search(text):
                text = _POSSESSIVE.sub("", text)  # "AZP Group's"
                end = start + len(text)
            words = text.split()
            if (
                not words
                or text in ORG_SUFFIXES
                or text in ORG_HEADS
                or text in PLACES
                or words[0] in GIVEN_NAMES
                or any(w in DEMONYMS or w in TITLES or w in _NEVER_FIRST for w in words)
                or (ignore and _ignored(ignore, start, end))
            ):
                break
            _register(orgs, text, body, start, end)
            sep = _LIST_SEPARATOR.match(body, name.end())
            if sep is None:
                break
            pos = sep.end()


def _kind_before(body: str, start: int) -> bool:
    """A lower-case kind of organisation right before ``start`` ("the consumer group |Codacons")."""
    if body[start - 1 : start] not in (" ", "\u00a0"):
        return False  # no word before it (what the pattern below needs; cheaper to check first)
    before = body[max(0, start - 25) : start].split()
    if not before:
        return False
    word = before[-1]
    if word.endswith(",") and len(before) >= 2 and before[-2].lower() in ("the", "a", "an") and word[:-1] in _ORG_KINDS:
        return True  # "The company, Riverview Meats, said": the kind in apposition before the name
    if "'" in word or "’" in word:
        word = word.replace("’", "'").rsplit("'", 1)[-1]  # "L'association |Lire Ensemble"
    if word in _ORG_KINDS or (word.islower() and len(word) > 9 and word.endswith(_KIND_TAILS)):
        return True
    if len(before) < 2 or not word.islower():
        return False
    if word in _AGENT_LINKS and before[-2].lower() in _AGENT_LINKS[word]:
        return True  # "operated by |Arianespace", "analysts at |Jefferies", "Analistas de |Banorte"
    if f"{before[-2]} {word}" in _ORG_KINDS:
        return True  # "the department store |Hallworth & Finch", "a companhia aérea |Gol"
    # "il sindacato studentesco |Link Bergamo": the kind, then an adjective (Romance word order);
    # "a rede de farmácias |Drogavida": the kind of what it sells or runs
    kind = before[-2].replace("’", "'").rsplit("'", 1)[-1]
    if kind in _ORG_KINDS and word.endswith(_KIND_ADJECTIVES):
        return True
    return len(before) >= 3 and before[-2] in _KIND_OF and before[-3] in _ORG_KINDS and word.endswith("s")


_APPOSITION_ARTICLES = frozenset("a an the un une el la il lo o um uma een het de der die das ein eine le".split())
_APPOSITION_END = re.compile(r"[,.;)]")


_WHICH_DOES = re.compile(
    # (not what a product also does: "sells for", "provides quotes", "makes it")
    r"which[ \u00a0]+(?:operates|represents|owns|employs|manufactures|produces|supplies|builds|manages|publishes"
    r"|distributes|insures|lends|broadcasts|organises|organizes|operated|employed|owned|manufactured|supplied"
    r"|built)[ \u00a0]"
)


def _kind_after(body: str, end: int) -> bool:
    """ "Inditex, el gigante textil gallego,", "Maersk, the Danish shipping group,": a kind of
    organisation in apposition after the name (an article, at most two words, the kind noun, and in
    the Romance languages at most two adjectives after it)."""
    window = body[end + 2 : end + 62]
    if _WHICH_DOES.match(window):
        return True  # "Northline Rail, which operates the route": what a company, a union or an agency does
    stop = _APPOSITION_END.search(window)
    if stop is None:
        return False
    words = window[: stop.start()].replace("l'", "le ").split()
    cut = next((i for i, w in enumerate(words) if w in _RELATIVES), None)
    if cut is not None:
        words = words[:cut]  # "Edilnord Costruzioni, impresa bergamasca che ha già …"
    if words and words[0] in _ORG_KINDS and words[0] not in _ENGLISH_KINDS:
        words = ["", *words]  # Romance and Dutch apposition without an article: "impresa bergamasca"
    if not 2 <= len(words) <= 6 or (words[0] and words[0] not in _APPOSITION_ARTICLES):
        return False
    for i, w in enumerate(words[1:5], start=1):
        if (
            w in _ORG_KINDS
            or (len(w) > 9 and w.endswith(_KIND_TAILS + _DUTCH_KIND_TAILS))
            or (w.endswith("s") and w[:-1] in _ENGLISH_KINDS)  # "…, the country's two largest operators,"
        ):
            after = words[i + 1 :]
            return len(after) <= 2 and all(
                x.islower() and x not in ROLE_NOUNS and x not in SPEECH_VERBS and not x.endswith(("or", "er", "ista"))
                for x in after
            )  # (not "in Ulsan and Daegu, the union said")
        if w in ROLE_NOUNS or w in _AFFILIATION_WORDS:
            return False  # "Dwi Rahmawati, a spokeswoman for the agency,": a person of the body named after
    return False


_AFFILIATION_WORDS = frozenset(("for", "at", "of", "with", "from"))


# "MTN Nigeria and Airtel Africa, the country's two largest operators,": the first of two names in apposition
_PAIR = re.compile(rf"[ \u00a0](?:and|y|e|et|und|en)[ \u00a0]{_WORD}(?:[ \u00a0]{_WORD}){{0,3}}(?=, )")


_SAID = re.compile(r"[ \u00a0](?:said|says|told|added|stated)\b")


def _named_by_kind(body: str, toks: list[_Tok], orgs: dict[str, _Entity]) -> bool:
    end = toks[-1].end
    if len(toks) > 4 or not (
        _kind_before(body, toks[0].start)
        or (body[end : end + 2] == ", " and _kind_after(body, end))
        or (
            (pair := _PAIR.match(body, end)) is not None
            and _kind_after(body, pair.end())
            and not _SAID.search(body, pair.end(), pair.end() + 62)  # "in Asan and Jeonju, the union said"
        )
    ):
        return False
    words = [t.text for t in toks]
    name = " ".join(words)
    if name in PLACES or words[0] in GIVEN_NAMES or any(w in TITLES or w in DEMONYMS for w in words):
        return False
    if len(words) == 1 and (len(name) < 2 or name in COMMON_CAPITALISED or name in ORG_SUFFIXES or name in ORG_HEADS):
        return False  # "the Bank, which …": a generic word, no name
    start, end = toks[0].start, toks[-1].end
    name, end = _with_legal_form(body, name, end)  # "the trucking firm Van Doorn N.V."
    ent = orgs.get(name)
    if ent is None:
        ent = orgs[name] = _Entity(name=name, first=start)
    ent.evidence.append(Evidence(body[start:end], start, end))
    return True


def _surname_again(body: str, toks: list[_Tok]) -> bool:
    """A full name whose last word comes back alone later ("Alastair Fenwick ... Fenwick said",
    "... Mrs Fenwick"): how news introduces a person and then refers to them."""
    surname = toks[-1].text
    if len(surname) < 3 or surname not in body[toks[-1].end :]:
        return False
    for s, _e in _occurrences(body[toks[-1].end :], surname):
        s += toks[-1].end
        if body[s - 1 : s] in ("'", "’"):
            continue
        prev = _TOKEN_BEFORE.search(body[max(0, s - 20) : s])
        if prev is not None and prev.group(1) in ("the", "The") and surname.endswith("s"):
            continue  # "the Kingfishers": a team's plural, not a person's surname ("the Kapanadze family" is)
        nxt = _CAPITAL_AFTER.match(body[s + len(surname) : s + len(surname) + 20])
        if nxt:
            continue  # part of another capitalised name
        if prev is None or not prev.group(1)[:1].isupper() or prev.group(1).rstrip(".") in TITLES:
            return True
    return False


def _trim_modifiers(toks: list[_Tok]) -> list[_Tok]:
    while toks and (toks[-1].text in TITLE_MODIFIERS or toks[-1].text in _ORG_CONNECT):
        toks = toks[:-1]
    return toks


# Country names that look like organisations by their last word (Union, Republic, Kingdom, States).
_NOT_ORGS = frozenset(
    {
        "Soviet Union",
        "European Currency Unit",
        "United States",
        "United Kingdom",
        "United Arab Emirates",
        "Czech Republic",
        "Dominican Republic",
        "Central African Republic",
        "People's Republic of China",
        "Republic of Korea",
        "Republic of Ireland",
    }
)


# common nouns, not surnames: "Research & Development", "Health & Safety", "Arts & Culture"
_ABSTRACT_ENDINGS = ("ment", "tion", "sion", "ity", "ety", "ness", "ance", "ence", "ing", "ure", "ics", "ogy")
_LOCATED = ("-based", "-headquartered", "-listed", "-registered", "-owned", "-controlled", "-backed")
# ", Labour and Welfare", ", Food and Rural Affairs", ", Culture, Media and Sport": one or two capitalised words
# each, the last after "and"
_PORTFOLIO = r"[A-Z][a-z]+(?: [A-Z][a-z]+)?"
_PORTFOLIOS = re.compile(rf",(?: {_PORTFOLIO},)* {_PORTFOLIO} (?:and|und|en) {_PORTFOLIO}(?![\w'’-])(?! [A-Z])")


_OF_THE_HEADS = _words(
    """University Bank Museum Society Church Institute Academy Association Federation College Party Committee
    Commission Council Fund Organization Organisation Office Union Court Movement Front"""
)
_CONTINUED = re.compile(r"(?:[ \u00a0]+(?:of|for)[ \u00a0]|['’])")


def _of_the(body: str, words: list[str], end: int) -> bool:
    """ "University of the Azores", "Development Bank of the Philippines": "the" after the head's "of" is the
    name's own; not a title's ("Chairman of the Federal Reserve Board"), nor the start of a longer name that
    the run cut short ("Centre for the Study | of …")."""
    at = [i for i, w in enumerate(words) if w == "the"]
    return (
        all(i >= 2 and words[i - 1] in ("of", "for") and words[i - 2] in _OF_THE_HEADS for i in at)
        and not any(w.rstrip("s") in TITLES for w in words)
        and words[-1] not in DEMONYMS
        and _CONTINUED.match(body, end) is None
    )


def _maybe_org(body: str, toks: list[_Tok], orgs: dict[str, _Entity]) -> bool:
    words = [t.text for t in toks]
    while words and (words[0] in ("The", "the") or words[0].endswith(_LOCATED)):
        toks, words = toks[1:], words[1:]  # "Lagos-based Halden Capital": where it is, not its name
    if len(words) < 2:
        return False
    is_org = (
        words[-1] in ORG_SUFFIXES
        or (words[-1] == "District" and words[-2] in _DISTRICT_KINDS)
        or any(
            w in ORG_HEADS
            and i + 1 < len(words)
            and (words[i + 1] in ("of", "for", "on") or words[i + 1] in _ORG_CONNECT_I18N)
            for i, w in enumerate(words)
        )
        or any(
            w == "Group" and words[i + 1 : i + 2] == ["of"] and _group_member(words[i + 2])
            for i, w in enumerate(words[:-2])
        )
        # "Agencia Estatal de Meteorología", "Academisch Ziekenhuis Paramaribo": the head comes first
        or (words[0] in ORG_HEADS_I18N and len(words) >= 2)
        # "Bremner & Lowe", "Herrero & Valcárcel Abogados": surnames joined by "&" name a firm (not "Tom & Jerry")
        or (
            "&" in words[1:-1]
            and len(words) <= 5
            and words[0] not in GIVEN_NAMES
            and words[words.index("&") + 1] not in GIVEN_NAMES
            and all(w == "&" or (w[:1].isupper() and not w.lower().endswith(_ABSTRACT_ENDINGS)) for w in words)
        )
        # "Bank Mandiri", "PT Sinar Halmahera Nikel": a bank or an Indonesian company, named after the word
        or (
            words[0] in ("Bank", "PT")
            and 2 <= len(words) <= 4
            and not any(w in COMMON_CAPITALISED or w in MONTHS or w in WEEKDAYS or w in GIVEN_NAMES for w in words[1:])
        )
    )
    if not is_org or sum(1 for w in words if w not in _ORG_CONNECT) < 2:
        return False
    if all((w in ORG_SUFFIXES or w in ORG_HEADS or w in _ORG_CONNECT) and w != "International" for w in words):
        return False  # "Council Office", "Group Board": generic words, no name (but "International Steel Group")
    portfolio = _PORTFOLIOS.match(body, toks[-1].end) if words[-1] not in ORG_SUFFIXES else None
    if portfolio and any(
        (w in ORG_HEADS or w in ORG_HEADS_I18N) and words[i + 1 : i + 2] in (["of"], ["for"], ["für"], ["van"])
        for i, w in enumerate(words)
    ):
        # "Ministry of Health, Labour and Welfare", "Department for Environment, Food and Rural Affairs": the
        # portfolios listed after the head's "of" are the name's
        extra = portfolio.group(0)
        listed = re.findall(r"[A-Z]\w+", extra)
        # not places, people or bodies of their own ("the Ministry of Defence, Navy and Air Force")
        if not any(w in PLACES or w in GIVEN_NAMES or w in ORG_SUFFIXES or w in ORG_HEADS for w in listed):
            words = [*words, *extra.replace(",", " ,").split()]
            toks = [*toks, _Tok(extra.strip(), toks[-1].end, toks[-1].end + len(extra))]
    while len(words) > 2 and words[0] in _HONORIFICS:
        toks, words = toks[1:], words[1:]  # "Herr Hallinger SE": an honorific before a company is no part of it
    name = " ".join(words).replace(" ,", ",")
    if name in _NOT_ORGS or ("the" in words[1:-1] and not _of_the(body, words, toks[-1].end)):
        # A country ("Soviet Union") is a place, not an organisation; "Egypt and the Soviet Union",
        # "Alberta and the Houston Post" are two names joined by a sentence, not one name
        return False
    # "Securities and Exchange Commission": re-attach the words before "and" for public bodies
    start, end = toks[0].start, toks[-1].end
    name, end = _with_legal_form(body, name, end)
    ent = orgs.get(name)
    if ent is None:
        ent = orgs[name] = _Entity(name=name, first=start)
    ent.evidence.append(Evidence(body[start:end], start, end))
    a = _ACRONYM_AFTER.match(body, end)
    if a and _acronym_fits(a["a"], words):
        ent.aliases.add(a["a"])
    return True


# a company's legal form after its name, which the capitalised run leaves out (lower case, dots)
_LEGAL_FORM_AFTER = re.compile(r"[ \u00a0](?:plc|N\.V\.|S\.A\.|S\.p\.A\.|e\.V\.|AS|ASA|SE|AG|Oyj|Tbk|Bhd)(?![\w.])")


def _with_legal_form(body: str, name: str, end: int) -> tuple[str, int]:
    """A name and its end, with the company's legal form the capitalised run left out: "Kessler Fluid Systems
    plc", and "N.V." with its last full stop."""
    if (legal := _LEGAL_FORM_AFTER.match(body, end)) is not None and not name.endswith(legal.group(0).strip()):
        return name + legal.group(0), legal.end()
    if "." in name.rsplit(" ", 1)[-1] and body[end : end + 1] == ".":
        return name + ".", end + 1
    return name, end


def _acronym_fits(acronym: str, words: list[str]) -> bool:
    letters = [c for c in acronym if c.isupper()]
    capitals = [w[0] for w in words if w[:1].isupper()]
    if letters and len(capitals) >= 2 and capitals[0] == letters[0]:
        it = iter(letters)
        if all(any(c == x for x in it) for c in capitals) and len(letters) <= len(capitals) + 2:
            return True  # "RIVM" ~ Rijksinstituut voor Volksgezondheid en Milieu: every capital, in order
    if (
        len(letters) >= 4
        and len(letters) % 2 == 0
        and all(a == b for a, b in zip(letters[::2], letters[1::2], strict=False))
    ):
        letters = letters[::2]  # "CCOO", "EEUU": a plural doubles each letter
    initials = [w[0] for w in words if w[:1].isupper()]
    if len(letters) < 2:
        return False
    # the acronym's capitals appear, in order, among the initials ("MoD" ~ Ministry of Defence)
    it = iter(initials)
    return all(any(c == i for i in it) for c in letters)


def _valid_name_token(w: str, *, place_ok: bool = False, last: bool = False, given_ok: bool = False) -> bool:
    parts = w.split("-")
    return (
        bool(_NAME_TOKEN.match(w))
        and (w not in COMMON_CAPITALISED or given_ok)
        and w not in MONTHS
        and w not in WEEKDAYS
        and (w not in TITLES or (last and w in _SURNAME_TITLES))
        and w not in TITLE_MODIFIERS
        and w not in DEMONYMS
        and w not in ORG_SUFFIXES
        and w not in FACILITIES
        and (place_ok or not any(p in PLACES for p in parts))
        and not (len(parts) > 1 and parts[-1] in ORG_SUFFIXES)
        and not w.endswith("-based")  # "Santa Monica-based Activision"
    )


_SURNAMES_FIRST = {k: frozenset(v) for k, v in _DATA["east_asian_surnames"].items()}
_SURNAMES_ANY = frozenset().union(*_SURNAMES_FIRST.values())
# a given name in pinyin, one or two syllables ("Wei", "Guoqiang", "Liwen"), or two joined by a hyphen
# ("Ying-wen", and the Korean "Seo-yeon", "Jae-in")
_PINYIN_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u)"
)
_PINYIN_NAME = re.compile(rf"(?:{_PINYIN_SYLLABLE}){{1,2}}")
_HYPHENATED_GIVEN = re.compile(r"[A-Z][a-z]{1,4}-[a-z]{1,4}")


def _east_asian_name(words: list[str], lower_vocab: set[str]) -> bool:
    """ "Pan Guoqiang", "Park Seo-yeon", "Kim Jong Un", "Đinh Văn Thắng", "Hyun-woo Park": a common Chinese,
    Korean or Vietnamese family name, then a given name of that shape (or a hyphenated Korean given name,
    then the family name), no word of which the text uses in lower case."""
    if not 2 <= len(words) <= 4 or not (
        words[0] in _SURNAMES_ANY or (len(words) == 2 and "-" in words[0] and words[1] in _SURNAMES_ANY)
    ):
        return False  # (the cheap test first: most runs open with no such family name)
    if any(w.lower() in lower_vocab or w in COMMON_CAPITALISED for w in words):
        return False
    if is_place_name(" ".join(words)) or any(
        w in PLACES or (w in FACILITIES and w not in _SURNAMES_FIRST["ko"]) or w in ORG_SUFFIXES for w in words[1:]
    ):
        return False  # "Hong Kong", "Ho Chi Minh City" (but "Hyun-woo Park")
    first, rest = words[0], words[1:]
    if (
        len(words) == 2
        and _HYPHENATED_GIVEN.fullmatch(first)
        and (words[1] in _SURNAMES_FIRST["ko"] or words[1] in _SURNAMES_FIRST["zh"])
    ):
        return True
    if len(words) == 2 and first in _SURNAMES_FIRST["zh"] | _SURNAMES_FIRST["ko"]:
        given = rest[0]
        # (not "Lee Ann", "Kim Jones": a Western given name first)
        return _HYPHENATED_GIVEN.fullmatch(given) is not None or (
            given not in GIVEN_NAMES and _PINYIN_NAME.fullmatch(given.lower()) is not None
        )
    if len(words) == 3 and first in _SURNAMES_FIRST["ko"] and all(len(w) <= 4 and w.isalpha() for w in rest):
        return _PINYIN_NAME.fullmatch((rest[0] + rest[1]).lower()) is not None or first == "Kim"
    if first in _SURNAMES_FIRST["vi"] and len(words) >= 3:
        return all(len(w) <= 6 and w.isalpha() and w not in GIVEN_NAMES for w in rest)
    return False


def _place_as_name(word: str, *, first: bool) -> bool:
    """A place's name a person may bear: first, one the gazetteer marks as a given name too ("Jordan", "Chad");
    later, a town or one it marks as a surname ("Hampton", "Houston"), not a country or a state ("Ford Canada")."""
    kind = place_kind(word)
    if first:
        return kind is not None and "f" in kind[1]
    return kind is None or kind[0] == "city" or "p" in kind[1]


def _valid_name(
    toks: list[_Tok], lower_vocab: set[str], *, cue: bool, places_ok: bool = False, titled: bool = False
) -> bool:
    words = [t.text for t in toks]
    core = [w for w in words if not _particle(w)]
    if len(core) < 2 or any(w in _ORG_CONNECT for w in words):
        return False
    if " ".join(words) in PLACES or " ".join(words[:2]) in PLACES or " ".join(words) in KNOWN_ORGS:
        return False
    if len(words) > 2 and " ".join(words[:2]) in _LISTED_FORMS:
        return False  # "Dow Jones Industrial (Average)", "Merrill Lynch Pierce": a listed body's longer name
    if words[-1] in _CLUB_SUFFIXES and words[-1] != "Villa":
        return False  # "Ludlow Athletic", "Kelso Rovers": a club (but "David Villa" is a person)
    # a surname after a particle may be a place's name too: "Osvaldo Ferraz de Lima", "Ana da Guarda"
    after_particle = {words[i + 1] for i in range(len(words) - 1) if _particle(words[i])}
    for i, w in enumerate(core):
        # "la diputada | Santiago Ferreyra": after a title or role, a given name that is also a city
        place_ok = (places_ok and _place_as_name(w, first=i == 0)) or (
            cue and ((i == 0 and w in GIVEN_NAMES_I18N) or (i > 0 and w in after_particle))
        )
        # (after a title, a given name that is also a common word: "Rechtsanwalt Till Brandt", "Mr Will Young")
        given_ok = titled and i == 0 and w in GIVEN_NAMES
        if not _valid_name_token(w, place_ok=place_ok, last=i == len(core) - 1 and i > 0, given_ok=given_ok):
            return False
        # Without a title, a word the article also uses in lower case is probably not a name.
        if not cue and w not in GIVEN_NAMES and w.lower() in lower_vocab:
            return False
    return not all(len(w) == 2 and w.endswith(".") for w in core)


def _role_before(body: str, start: int, language: str = "") -> bool:
    m = _WORD_BEFORE.search(body[max(0, start - 30) : start])
    if not m:
        # "la ministra de Trabajo, Lucía Herrero,": a role, its portfolio, a comma, the name
        return body[start - 2 : start] == ", " and _role_in_clause(body, start - 2, language)
    word = m.group(1)
    # besides the listed roles, a lower-case agent noun: "marine biologist", "left-arm spinner"
    return _is_role(word, language)


def _is_role(word: str, language: str) -> bool:
    if word in ROLE_NOUNS:
        return True
    if not word.islower():
        return False
    if language in _AGENT_SUFFIXES:
        return word.endswith(_AGENT_SUFFIXES[language]) and len(word) > 5 and word not in _NOT_AGENTS_I18N[language]
    return _AGENT_NOUN.search(word) is not None and word not in _NOT_AGENTS


_AGENT_SUFFIXES = {lang: tuple(v) for lang, v in _DATA["agent_suffixes"].items()}
_NOT_AGENTS_I18N = _by_language("not_agents")
_CLAUSE_START = re.compile(r"[.;:!?()\n«»“”\"]")


def _role_in_clause(body: str, comma: int, language: str) -> bool:
    """A role noun among the few words between the start of the clause and ``comma``, which opens
    the name's apposition: "Selon le porte-parole du parquet, |Marc Dupuis", "Son gouverneur, |...",
    "the company's chief executive, |..."."""
    lo = max(0, comma - 60)
    window = body[lo:comma]
    cut = max((m.end() for m in _CLAUSE_START.finditer(window)), default=0)
    if cut == 0 and lo > 0:
        cut = window.find(" ") + 1
    clause = window[cut:].lstrip(" ,\u00a0")
    words = _CLAUSE_WORD.findall(clause)
    if not 1 <= len(words) <= 8 or "," in clause:
        return False
    return any(_is_role(w, language) for w in words if w.islower())


_CLAUSE_WORD = re.compile(r"[^\W\d_][\w'’-]*")


_AGENT_NOUN = re.compile(r"..(?:ist|ian|er|or)$")
_NOT_AGENTS = _words(
    """after over under never ever other whether either neither rather together however later per for or nor
    her their our your water winter summer number order power paper matter member letter border corner
    quarter chapter river cover offer minor major senior junior prior former latter further earlier
    sooner longer younger older bigger higher lower upper inner outer error mirror floor door"""
)


# "Reporting by Amara Nwosu; editing by …": an agency's credit line
_CREDIT_BEFORE = re.compile(
    r"(?:^|[\n;.][ \u00a0]*)(?:[Aa]dditional )?(?:[Rr]eporting|[Ww]riting|[Ee]diting)[ \u00a0]+by[ \u00a0]+$"
)
# "Budi Santoso of Mandala Securities said": the speaker's affiliation between the name and the verb
_AFFILIATION_AFTER = re.compile(
    r"[ \u00a0]+(?:of|at|from)[ \u00a0]+(?:the[ \u00a0]+)?"
    r"(?P<body>(?:[A-Z][\w&.'’-]*[ \u00a0]+){1,5})(?=said|says|told)"
)


def _speech_near(body: str, start: int, end: int) -> bool:
    aff = _AFFILIATION_AFTER.match(body, end, end + 80)
    affiliation = aff["body"].split() if aff else []
    if (
        any(w.rstrip(".,") in ORG_SUFFIXES for w in affiliation)
        # not a body's own legal name: "United Mills of Ohio Inc said" (a place first), "United Banks of
        # Colorado Inc said", "Lanson Champagne of France said" (an organisation word in the name)
        and affiliation[0] not in PLACES
        and not any(w in ORG_SUFFIXES or w[:-1] in ORG_SUFFIXES for w in body[start:end].split())
    ):
        end = aff.end() - 1  # the verb after the affiliation
    after = _VERB_AFTER.match(body[end : end + 20])
    if after and after.group(1) in _AUXILIARIES:
        after = _VERB_AFTER.match(body, end + after.end())  # "X a déclaré", "X ha detto", "X heeft gezegd"
    if after and after.group(1) in SPEECH_VERBS:
        return True
    before = _VERB_BEFORE.search(body[max(0, start - 25) : start])
    return bool(before) and (before.group(1) in SPEECH_VERBS or before.group(1) == "according")


# "Zeynep Kaya, a teacher in Malatya", "Ana Ruiz, una economista", "Hala Mansour is a social worker":
# how news introduces a person who has no title.
_APPOSITION = re.compile(
    r"(?:,[ \u00a0]+(?:a|an|who|whose|aged|un|une|uno|una|um|uma|ein|eine|einer|een|qui|quien|che|quem|wie)"
    r"|[ \u00a0]+(?:is|was)[ \u00a0]+(?:a|an))[ \u00a0]"
)


def _age_after(body: str, end: int) -> bool:
    return _AGE_AFTER.match(body[end : end + 14]) is not None


def _role_after(body: str, end: int, language: str) -> bool:
    """ "Amadou Diagne, analyste dans une banque", "Sofia Marques, caloira de Medicina", "Hilke Janssen, Wirtin
    eines Cafés": a role noun opens the name's apposition, without an article (English, which writes "a", is
    _APPOSITION's; there only a listed role counts: "Tom Reid, spokesman for the council")."""
    m = _ROLE_AFTER.match(body, end) or _COPULA_ROLE.match(body, end)
    if not m:
        return False
    word = m.group(1)
    if language == "de":
        return _GERMAN_ROLE.match(word) is not None or word.lower() in ROLE_NOUNS
    return word in ROLE_NOUNS or (language in _AGENT_SUFFIXES and _is_role(word, language))


# "Marie Dubois est médecin", "Hans Berg ist Landwirt", "Ana Ruiz es la alcaldesa": the name, a copula, a role
_COPULA_ROLE = re.compile(
    r"[ \u00a0]+(?:est|es|è|é|ist|is|was|war|era|foi|fue)[ \u00a0]+"
    r"(?:(?:un|une|le|la|el|il|lo|um|uma|o|a|ein|eine|der|die|een|de|het|an|the)[ \u00a0]+)?([^\W\d_][\w-]+)"
)
_ROLE_AFTER = re.compile(r",[ \u00a0]+([^\W\d_][\w-]+)[ \u00a0]+[^\W\d_A-ZÄÖÜ]")


def _add(people: dict[str, _Entity], toks: list[_Tok], body: str) -> None:
    # "Paul Verschuren van Feyenoord": a particle before a listed organisation joins the person to it
    for i in range(1, len(toks) - 1):
        if toks[i].text in _AFFILIATION and " ".join(t.text for t in toks[i + 1 :]) in _LISTED_FORMS:
            toks = toks[:i]
            break
    # "Coordinator Mhairi Abernethy-Singh", "Linguist Hēmi …": a job at the start of a sentence
    if len(toks) > 2 and _sentence_initial(body, toks[0].start) and toks[0].text.lower().endswith(_JOB_ENDINGS):
        if toks[0].text not in GIVEN_NAMES:
            toks = toks[1:]
    # "Bastiaan de Groot van Vlissingen": "van" and a town the gazetteer knows after a full name is where
    # the person is from
    if len(toks) >= 4 and toks[-2].text in ("van", "von", "from") and is_place_name(toks[-1].text):
        toks = _cut_of_place(toks)
    start, end = toks[0].start, toks[-1].end
    name = " ".join(t.text for t in toks)
    ent = people.get(name)
    if ent is None:
        ent = people[name] = _Entity(name=name, first=start)
    ent.evidence.append(Evidence(body[start:end], start, end))


# --- organisations named head first, with lower-case words (fr es it pt) --------------------------
# "ministère de la Santé", "Centre national de la recherche scientifique", "Banca d'Italia",
# "Ministerio de Trabajo y Economía Social", "Câmara Municipal do Porto": a head noun, then
# adjectives, connectives and the words they join, up to the first word that fits none of them (a
# verb, a determiner after "et", punctuation).
_HEADS_FIRST = _by_language("org_heads_first")
# lower-case heads that are common nouns too: a name only with an adjective next ("agence régionale de santé")
_LOWER_HEADS_WITH_ADJ = frozenset(("conseil", "agence", "centre", "chambre", "caisse", "direction", "office"))
# (a "centre" is a body when it is a hospital or a public authority, not a pool: "centre nautique X")
_CENTRE_KINDS = frozenset(
    ("hospitalier", "hospitalo-universitaire", "national", "régional", "départemental", "communal")
)
_HEAD_CONNECT = _by_language("org_connectives")
_HEAD_STOPS = _by_language("org_lower_stops")
_ADJ_ENDINGS = {lang: tuple(v) for lang, v in _DATA["org_adjective_endings"].items()}
_CONJUNCTIONS = frozenset(_DATA["org_conjunctions"])
_GENERIC_ADJ = frozenset(_DATA["org_generic_adjectives"])
_ELIDED = r"(?:[dDlL]|[Dd]ell|[Dd]all|[Nn]ell|[Aa]ll|[Ss]ull|[Dd]egl|[Qq]u)['’]"
_HEAD_FIRST_RE = {
    lang: re.compile(
        rf"(?<![\w'’-])(?:{_ELIDED})?(?P<h>"
        + "|".join(sorted((re.escape(h) for h in heads if " " not in h), key=len, reverse=True))
        + r")(?![\w-])"
    )
    for lang, heads in _HEADS_FIRST.items()
    if lang in _HEAD_CONNECT
}
_HEAD_TOKEN = re.compile(rf"[ \u00a0]+(?P<el>{_ELIDED})?(?P<w>[^\W\d_][\w\-]*(?:\.[A-Za-z]\.?)*)")
# (French names go on after "en": "Institut de recherche en santé publique"; Spanish and Portuguese ones
# after "para" only with a capital: "Fundação para a Ciência", not "Santuário de Fátima | para a procissão")
_FRENCH_MORE_ADJ = tuple("ome aire ieur ieure ible able oire é ée és ées ives".split())
_CONNECTIVE_NEXT = re.compile(r"[ \u00a0]+(?:de|du|des|d['’]|di|del|della|dei|da|do|dos|das)(?=[ \u00a0'’])")
_LOCATIVES = {
    "fr": frozenset(("sur",)),
    "es": frozenset(("en", "para")),
    "it": frozenset(
        ("in", "sul", "sulla", "sullo", "sui", "sugli", "sulle", "nel", "nella", "nello", "nei", "negli", "nelle")
    ),
    "pt": frozenset(("em", "na", "no", "nas", "nos", "para")),
}
_DATIVES = frozenset(("au", "aux", "à", "al", "ai", "agli", "alla", "alle", "allo", "ao", "aos", "à", "às"))
_SAINTS_I18N = frozenset(("São", "San", "Santa", "Santo", "Saint", "Sainte", "Sant", "St", "St."))
_FRENCH_TRAILING_ADJ = tuple("al ale ales aux el elle elles ique iques aire aires if ive".split())
# a Dutch municipality, province or water board by its name: "de gemeente Zwolle", "de provincie Utrecht"
_DUTCH_AUTHORITY = re.compile(
    rf"(?<![\w-])(?:gemeente|provincie|waterschap|hoogheemraadschap|[Vv]eiligheidsregio)[ \u00a0]"
    rf"[{_UP}][\w'’-]+(?:[ \u00a0][{_UP}][\w'’-]+)?"
)
# "het ministerie van Landbouw, Visserij en Natuur", "de rechtbank van Antwerpen", "het parket van Gent"
_DUTCH_AUTHORITY_OF = re.compile(
    r"(?<![\w-])(?:ministerie|correctionele[ \u00a0]rechtbank|rechtbank|parket|hof[ \u00a0]van[ \u00a0]beroep|"
    rf"arbeidshof)[ \u00a0]van[ \u00a0][{_UP}][\w'’-]+(?:(?:,[ \u00a0]|[ \u00a0]en[ \u00a0]|[ \u00a0])[{_UP}][\w'’-]+)*"
)
_FAMILY_HINT = re.compile(r"\b(?:Frères|Fratelli|Hijos|Hermanos|Filhos|Irmãos|Zonen|Söhne|Brothers)\b")


def _family_firms(body: str, ignore: list[tuple[int, int]], orgs: dict[str, _Entity]) -> None:
    """ "Rivaud et Fils", "Berti e Figli", "De Vries en Zonen": a family firm, whole, and not "Rivaud" alone;
    nothing where a longer name already holds it ("Smith & Sons Ltd")."""
    taken = [(ev.start, ev.end) for ent in orgs.values() for ev in ent.evidence]
    for m in _AND_SONS.finditer(body):
        start, end = m.start(), m.end()
        first = m.group(0).split()[0]
        if (
            first in _NEVER_FIRST
            or first in COMMON_CAPITALISED
            or (m.group(0).count(" ") > 2 and _sentence_initial(body, start))
        ):
            start = start + len(first) + 1  # "La Berti e Figli", "Said John and Sons": the family name only
        if (ignore and _ignored(ignore, start, end)) or any(
            s <= start and end <= e for s, e in taken if (s, e) != (start, end)
        ):
            continue
        _whole_name(orgs, body[start:end], start, end)


def _whole_name(orgs: dict[str, _Entity], name: str, start: int, end: int) -> _Entity:
    """The organisation ``name`` at ``start``-``end``, which a rule read whole: an organisation another rule
    found inside that span ("Rivaud" of "Rivaud et Fils", "Erziehung" of "Gewerkschaft Erziehung und
    Wissenschaft") is part of it, and its other mentions become this name's."""
    whole = orgs.setdefault(name, _Entity(name=name, first=start))
    for part in [
        k for k, ent in orgs.items() if k != name and any(start <= ev.start and ev.end <= end for ev in ent.evidence)
    ]:
        ent = orgs.pop(part)
        whole.evidence.extend(ev for ev in ent.evidence if not (start <= ev.start and ev.end <= end))
        whole.aliases.update(ent.aliases)
    if not any(ev.start == start for ev in whole.evidence):
        whole.evidence.append(Evidence(name, start, end))
    whole.first = min(whole.first, start)
    return whole


# a family firm: "Rivaud et Fils", "Ortega y Hermanos", "Berti e Figli", "De Vries en Zonen", "Huber & Söhne"
_AND_SONS = re.compile(
    rf"(?<![\w-])[{_UP}][\w'’-]+(?:[ \u00a0][{_UP}][\w'’-]+)?[ \u00a0](?:et|&|e|y|en|und|and)[ \u00a0]"
    r"(?:Fils|Frères|Figli|Fratelli|Hijos|Hermanos|Filhos|Irmãos|Zonen|Söhne|Sons|Brothers)(?![\w-])"
)
_PORTFOLIO_LIST = re.compile(
    rf"(?:,[ \u00a0]+[{_UP}][\w'’-]+(?:[ \u00a0][{_UP}][\w'’-]+)?)+[ \u00a0]+(?:e|y|et|ed|i)[ \u00a0]+"
    rf"[{_UP}][\w'’-]+(?:[ \u00a0][{_UP}][\w'’-]+)?(?![\w'’-])"
)
_HEAD_ARTICLES = frozenset("la le les el los las il lo o a os as".split())
_SENTENCE_END = re.compile(r"\.(?:[ \u00a0\n]|$)")


def _head_first_orgs(body: str, language: str, orgs: dict[str, _Entity]) -> list[tuple[int, int]]:
    """Organisations named head first in the Romance languages; the (start, end) of each mention."""
    pattern = _HEAD_FIRST_RE.get(language)
    if pattern is None:
        return []
    connect, stops, endings = _HEAD_CONNECT[language], _HEAD_STOPS.get(language, frozenset()), _ADJ_ENDINGS[language]
    heads = _HEADS_FIRST[language]
    found: list[tuple[int, int]] = []
    pos_done = 0
    for m in pattern.finditer(body):
        start = m.start("h")
        if start < pos_done:
            continue
        head = m.group("h")
        end = m.end("h")
        words = [head]
        capitals = int(head[0].isupper())
        pending = 0  # connectives read since the last word of the name
        joined = False  # a connective joined a complement ("de Trabajo"): "y Economía" may follow
        last = "head"
        locative = False  # after "in", "en", "sur" only a capitalised word: "Ministero della Salute | in giornata"
        pos = end
        while len(words) < 12:
            t = _HEAD_TOKEN.match(body, pos)
            if t is None:
                break
            w, el = t.group("w"), t.group("el")
            if el and not (pending or el[0] in "dD"):
                break  # "l'a", "qu'il": not a name's connective
            if el:
                pending += 1
                joined = True
            if w in ("contre", "contra") and (pending or any(x[0].isupper() for x in words[1:])):
                break  # "Ligue contre le cancer", but not "Ministerio de Cultura | contra el Real Madrid"
            if w.islower() and w in connect and not el:
                if w in _HEAD_ARTICLES and not pending:
                    break  # "la Banca d'Italia | il credito": an article joins only after a preposition
                if w in _CONJUNCTIONS:
                    nxt = _HEAD_TOKEN.match(body, t.end())
                    if last == "adj" and nxt is not None and nxt.group("w").endswith(endings):
                        pending += 1  # "Centre d'écologie fonctionnelle et évolutive": two adjectives
                        pos = t.end()
                        continue
                    if (
                        not joined
                        and nxt is not None
                        and nxt.group("w")[0].isupper()
                        and nxt.group("w").endswith(endings)
                        and words[-1][0].isupper()
                        and words[-1].endswith(endings)
                    ):
                        pending += 1  # "Corpo Nazionale Soccorso Alpino e Speleologico"
                        pos = t.end()
                        continue
                    if not joined:
                        break  # "Banco Santander y Iberdrola": two names
                    # "et des études", "e delle Finanze", "y Economía": joined; "et le CNRS",
                    # "y la Universidad de Granada": two names
                    if (
                        nxt is None
                        or nxt.group("w") in heads
                        or (nxt.group("w").islower() and nxt.group("w") not in connect)
                        or _head_after_connectives(body, nxt, connect, heads)
                    ):
                        break  # (and "y de la Fundación Biodiversidad": a second name)
                    if nxt.group("w") in ("le", "la", "les", "el", "los", "las", "il", "lo", "o", "a", "os", "as"):
                        # "y el Reto Demográfico": the article before a capitalised complement of the same
                        # name; "y la Universidad de Granada", "y el Barcelona": a second name
                        third = _HEAD_TOKEN.match(body, nxt.end())
                        if not (
                            third is not None
                            and third.group("w")[0].isupper()
                            and third.group("w") not in heads
                            and third.group("w") not in GIVEN_NAMES
                            and third.group("w") not in PLACES
                            and third.group("w") not in _LISTED_FORMS
                            and third.group("w") not in _NEVER_FIRST
                        ):
                            break
                        pending += 2
                        pos = nxt.end()
                        continue
                    if nxt.group("w") in _DATIVES:
                        after = _HEAD_TOKEN.match(body, nxt.end())
                        if (
                            nxt.group("w") != "aux"
                            or after is None
                            or after.group("w").capitalize() in heads
                            or after.group("w") in heads
                            or _is_role(after.group("w").rstrip("s"), language)
                        ):
                            break  # "a écrit au ministère de l'Éducation nationale et au rectorat": two names
                        # (but "Commissariat à l'énergie atomique et aux énergies alternatives": one)
                pending += 1
                joined = True
                locative = locative or w in _LOCATIVES.get(language, ())
                pos = t.end()
                continue
            if (
                w[0].isupper()
                and not pending
                and w in GIVEN_NAMES
                and words[-1][0].isupper()
                and words[-1] not in _SAINTS_I18N
                and (after := _HEAD_TOKEN.match(body, t.end())) is not None
                and after.group("w")[0].isupper()
            ):
                break  # "la Audiencia Nacional | María José Castaño": a person after the name
            if w[0].isupper():
                # (after a connective, "Mar" is the sea, not March: "Instituto Português do Mar e da Atmosfera")
                if w in _NEVER_FIRST and not (pending and len(w) <= 3 and w in MONTHS):
                    break
                capitals += 1
            elif (
                pending and not locative and last != "cap" and len(w) >= 4 and w not in stops and w not in SPEECH_VERBS
            ):
                pass  # "de la recherche": a common noun after a connective
            elif (
                not pending
                and (
                    last != "cap"
                    or (joined and language == "fr" and (w.endswith(_FRENCH_TRAILING_ADJ) or w in ("unies", "unis")))
                )
                and (
                    w.endswith(endings)
                    or w in ("unies", "unis")
                    # "Syndicat national autonome de l'enseignement": more of French's adjective endings when
                    # the name goes on with a connective after it (not a verb: "Rassemblement national promet des")
                    or (
                        language == "fr"
                        and last in ("head", "adj")
                        and w.endswith(_FRENCH_MORE_ADJ)
                        and _CONNECTIVE_NEXT.match(body, t.end()) is not None
                    )
                )
                and w not in stops
                and w not in SPEECH_VERBS
            ):
                # "national", "hospitalière", "correctionnel"; after its complement in French, as French
                # writes it: "ministère de l'Éducation nationale" (not a nationality: "de l'Intérieur italien")
                last = "adj"
                words.append(w)
                end = t.end()
                pos = end
                continue
            else:
                break
            words.append(w)
            last = "cap" if w[0].isupper() else "lower"
            pending = 0
            locative = False
            end = t.end()
            pos = end
            if _SENTENCE_END.match(body, end):
                break
        if len(words) < 2 or not capitals or (len(words) == 2 and words[1] in _GENERIC_ADJ):
            continue
        if not head[0].isupper() and capitals == 0:
            continue
        more = _PORTFOLIO_LIST.match(body, end) if last == "cap" and joined else None
        if more is not None and not any(w in GIVEN_NAMES for w in re.findall(r"[\w'’-]+", more.group(0))):
            end = more.end()  # "Ministério da Educação, Ciência e Inovação": the portfolios after the first
        if head in _LOWER_HEADS_WITH_ADJ and not (
            words[1].islower() and words[1].endswith(endings) and (head != "centre" or words[1] in _CENTRE_KINDS)
        ):
            continue  # "le conseil régional d'Occitanie", "centre hospitalier de Die"; not "le centre de Paris"
        name = body[start:end]
        if name.endswith("."):
            name, end = name[:-1], end - 1
        ent = orgs.get(name)
        if ent is None:
            ent = orgs[name] = _Entity(name=name, first=start)
        ent.evidence.append(Evidence(name, start, end))
        a = _ACRONYM_AFTER.match(body, end)
        if a and _acronym_fits_loosely(a["a"], name, connect):
            ent.aliases.add(a["a"])
        found.append((start, end))
        pos_done = end
    return found


def _head_after_connectives(body: str, tok: re.Match, connect: frozenset[str], heads: frozenset[str]) -> bool:
    """After "y"/"et"/"e": connectives, then an organisation's head ("y de la Fundación …")."""
    for _ in range(3):
        if tok is None or tok.group("w") not in connect:
            return tok is not None and tok.group("w") in heads
        tok = _HEAD_TOKEN.match(body, tok.end())
    return False


def _acronym_fits_loosely(acronym: str, name: str, connect: frozenset[str]) -> bool:
    """ "CNRS" ~ Centre national de la recherche scientifique, "Insee" ~ Institut national de la
    statistique et des études économiques: the acronym's letters, in order, among the initials of the
    words that are not connectives."""
    words = [w for w in re.split(r"[ \u00a0'’-]+", name) if w and w not in connect and w.lower() not in ("l", "d")]
    initials = [w[0].upper() for w in words]
    letters = [c.upper() for c in acronym if c.isalpha()]
    if len(letters) < 2 or letters[0] != initials[0]:
        return False
    it = iter(initials)
    return all(any(c == i for i in it) for c in letters)


def _masked(body: str, ranges: list[tuple[int, int]]) -> str:
    """``body`` with ``ranges`` blanked out (same length, so offsets still index ``body``)."""
    parts, pos = [], 0
    for s, e in ranges:
        parts.append(body[pos:s])
        parts.append("|" * (e - s))
        pos = e
    parts.append(body[pos:])
    return "".join(parts)


# --- German names of bodies: compounds and their citation form ------------------------------------
_GERMAN_GENDER: dict[str, str] = {
    suffix: gender for gender, suffixes in _DATA["german_org_genders"].items() for suffix in suffixes
}
_GERMAN_SUFFIXES = tuple(sorted(_GERMAN_GENDER, key=len, reverse=True))
_COMPOUND_TAIL = tuple(
    f"{suffix}{ending}"
    for suffix in set(_GERMAN_SUFFIXES) | set(_DATA["dutch_org_suffixes"])
    for ending in ("", "s", "es")
)
_GERMAN_NOT_ORGS = frozenset(_DATA["german_not_orgs"])
_GERMAN_SINGLE = tuple(_DATA["german_single_prefixes"])
_GERMAN_PARLIAMENTS = frozenset(_DATA["german_parliaments"])
_GERMAN_KIND = tuple(_DATA["german_kind_prefixes"])
_STRONG_ENDING = {"m": "er", "n": "es", "f": "e"}
_GERMAN_ARTICLES = frozenset("der die das des dem den vom zum zur im beim am ins".split())


def _german_org_word(word: str, *, bare: bool = False) -> tuple[str, str] | None:
    """(citation form, gender) of a German compound that names a body ("Krebsforschungszentrums" ->
    "Krebsforschungszentrum", n), or None ("Stadtzentrum", "Bahnhof"). With ``bare``, the head noun
    alone counts too ("Deutsche | Bahn")."""
    if not word[:1].isupper():
        return None
    low = word.lower()
    if not low.endswith(_COMPOUND_TAIL):
        return None
    forms = [low]
    if low.endswith("es"):
        forms.append(low[:-2])
    if low.endswith("s"):
        forms.append(low[:-1])
    for k, form in enumerate(forms):
        last = form.rsplit("-", 1)[-1]
        if form in _GERMAN_NOT_ORGS and not (bare and form == last and form in _GERMAN_GENDER):
            continue
        for suffix in _GERMAN_SUFFIXES:
            if last.endswith(suffix) and (len(form) > len(suffix) + 2 or bare or "-" in form):
                gender = _GERMAN_GENDER[suffix]
                if k and gender == "f":
                    break  # feminine nouns take no genitive -s
                return word[: len(form)], gender
    return None


_ADJECTIVE_STEMS = (
    "isch",
    "lich",
    "ig",
    "sch",
    "al",
    "ell",
    "iv",
    "ar",
    "frei",
    "neu",
    "allgemein",
    "ober",
    "gemeinsam",
)


def _german_adjective(word: str) -> str | None:
    """The stem of a capitalised German adjective ("Sächsischen" -> "Sächsisch"), or None ("Techniker")."""
    if len(word) < 4 or not word[:1].isupper() or "-" in word:
        return None
    for ending in ("en", "er", "es", "em", "e"):
        if word.endswith(ending):
            stem = word[: -len(ending)]
            return stem if stem.lower().endswith(_ADJECTIVE_STEMS) else None
    return None


def _german_citation(body: str, toks: list[_Tok]) -> str | None:
    """The name of a German body in its citation form when the text inflects it: "des Sächsischen
    Landesamtes für Straßenbau" -> "Sächsisches Landesamt für Straßenbau", "der Deutschen Bahn" ->
    "Deutsche Bahn"; None when no word of it is a body's head."""
    words = [t.text for t in toks]
    head = next((i for i, w in enumerate(words) if _german_org_word(w, bare=i > 0)), -1)
    if head < 0:
        return None
    stems = [_german_adjective(w) for w in words[:head]]
    if not all(stems):
        if _german_org_word(words[head]) is None or not all(w[:1].isupper() or w == "und" for w in words[:head]):
            return None  # "Alterung der Gesellschaft": a common noun's complement, no name
        return " ".join(words)  # "Techniker Krankenkasse": a noun before the head, kept as written
    form, gender = _german_org_word(words[head], bare=head > 0)  # type: ignore[misc]
    before = body[max(0, toks[0].start - 8) : toks[0].start].split()
    article = before[-1].lower() if before else ""  # "der", or "Der" opening the sentence
    if article not in _GERMAN_ARTICLES:
        return " ".join(words)  # no article before it: the strong form, as written
    out = [f"{stem}{_STRONG_ENDING[gender]}" for stem in stems]
    out.append(form if article == "des" else words[head])
    return " ".join(out + words[head + 1 :])


# --- language context, kind nouns, clubs, German bodies, acronyms ----------------------------------


@dataclass(frozen=True)
class _Context:
    language: str  # ISO 639-1, or "" when unknown
    score: bool  # the text gives a score ("2-1", "3:0"): a sports report
    beaten: bool = False  # a verb of winning or losing ("beat", "won"), with or without a score


# "2-1", "3:0" (not "10:30", "2019-20"); the digit first, then the look-behind: re scans fast for it
_SCORE = re.compile(r"\d(?<![\d.,:/-].)(?:\d?[-–]\d{1,2}|:\d)(?![\d,:/-]|\.\d)")
# "venceu por 2 a 0", "ha vinto per 3 a 1", "gagne par 2 à 0"
_SCORE_IN_WORDS = re.compile(
    r"(?<![\w-])(?:por|per|par)[ \u00a0]\d{1,2}[ \u00a0](?:a|à)[ \u00a0]\d{1,2}(?![\w,.]\d)(?!\w)"
)
_SPORT_VERBS = frozenset(v for verbs in _DATA["sport_verbs"].values() for v in verbs if " " not in v)
# "venció", "derrotó": _LOWER_WORD reads ASCII letters after the first, so these are looked up in the text
_SPORT_VERBS_ACCENTED = tuple(sorted(v for v in _SPORT_VERBS if not v.isascii()))
_DUTCH_SUFFIXES = tuple(_DATA["dutch_org_suffixes"])
_CAPITAL_KINDS = _GERMAN_KIND
_CLUB_PREFIXES = frozenset(_DATA["club_prefixes"])
# "FC", "VfL", "Borussia": a club without a score; "Real", "Sporting", "Union" only in a sports report
_CLUB_ABBREVIATIONS = frozenset(
    w for w in _CLUB_PREFIXES if any(c.isupper() for c in w[1:]) or w.isupper()
) | frozenset(_DATA["club_prefixes_always"])
_CLUB_PREFIXES = _CLUB_PREFIXES | _CLUB_ABBREVIATIONS
_CLUB_SUFFIXES = frozenset(_DATA["club_suffixes_with_score"])
# the prefixes that begin a club inside a longer capitalised run; not "US", "AS", "SC" (the US Court of Appeals)
_CLUB_INSIDE = frozenset(w for w in _CLUB_ABBREVIATIONS if not w.isupper() or len(w) >= 3)
_CLUB_INSIDE = _CLUB_INSIDE | {"FC", "SV", "SG", "FK", "NK"}
# the year a club was founded, after its name: "Schalke 04", "SV Waldhausen 09", "Hartberg 1946"
_CLUB_YEAR = re.compile(r"[ \u00a0](?:0\d|1[89]\d\d)(?![\w%,.:/-]\w|[\w%])")
_NUMBERED_CLUB = re.compile(r"(?<![\w.])(\d)\.[ \u00a0]$")


_PORTFOLIOS_DE = re.compile(
    rf",(?:[ \u00a0][{_UP}][\w-]+,)*[ \u00a0][{_UP}][\w-]+[ \u00a0]und[ \u00a0][{_UP}][\w-]+(?![\w-])"
)


# "(OIM)", "(GEW)", "(BFAWU)": an acronym in parentheses, and the words of the same clause before it
_DEFINED = re.compile(r"[ \u00a0]\(([A-ZÄÖÜ][A-Za-zÄÖÜ]{1,7})\)")
_CLAUSE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# words an acronym does not spell: articles, prepositions and conjunctions of the seven languages
_UNSPELT = frozenset(
    """of for the and on in at to a an de du des la le les l d et en à aux au pour sur y e el los las del para por
    con da do das dos na no nas nos o os as em di della dello delle dei degli il lo per und der die das den dem
    des für zur zum im am von vom van het een voor en op te""".split()
)


def _fold_initial(word: str) -> str:
    return unicodedata.normalize("NFKD", word[:1])[:1].upper()


def _names_spelt_by_acronym(
    body: str, ignore: list[tuple[int, int]], people: dict[str, _Entity], orgs: dict[str, _Entity], language: str
) -> None:
    """ "la Organização Internacional para as Migrações (OIM)", "la Direzione distrettuale antimafia (DDA)",
    "die Gewerkschaft Erziehung und Wissenschaft (GEW)": the words before an acronym in parentheses whose
    initials spell it, from a capitalised one, name the body - whole, where a rule read only part of it."""
    for m in _DEFINED.finditer(body):
        letters = [c for c in m.group(1) if c.isupper()]
        if (
            len(letters) < 2
            or (len(letters) != len(m.group(1)) and len(letters) < 3)
            or m.group(1) in _ACRONYM_NOT_ORGS
            or m.group(1).endswith("s")  # "American Depositary Receipts (ADRs)": things, not a body
        ):
            continue
        clause_start = max(
            body.rfind(c, 0, m.start()) for c in (".", ";", ":", "\n", "(", ")", "<", ">", "»", "«", "“", "”", '"')
        )
        words = list(_CLAUSE_WORD.finditer(body, max(clause_start + 1, m.start() - 160), m.start()))
        spelt: list[str] = []
        start = -1
        for w in reversed(words):
            text = w.group(0)
            bare = text.split("'")[-1].split("’")[-1] if text[:2].lower() in ("l'", "d'", "l’", "d’") else text
            if bare.lower() in _UNSPELT:
                continue
            spelt.insert(0, _fold_initial(bare))
            if len(spelt) > len(letters) or spelt != letters[-len(spelt) :]:
                break
            if len(spelt) == len(letters):
                if bare[:1].isupper():
                    start = w.start() + len(text) - len(bare)
                break
        if start < 0:
            continue
        end = m.start()
        while body[end - 1] in ", ":
            end -= 1
        if body[end - 2 : end] in ("'s", "’s"):
            end -= 2  # "the International Monetary Fund's (IMF)"
        name = body[start:end]
        content = [w for w in name.replace(",", " ").split() if w.lower() not in _UNSPELT]
        if language in ("", "en") and not all(w[:1].isupper() for w in content):
            continue  # English capitalises a body's name: "ordinary capital resources (OCR)" is none
        if "," in name and is_place_name(name.rsplit(",", 1)[1].strip()):
            continue  # "Ljubljanska Banka, Ljubljana (LBL)": the place after the name
        if (ignore and _ignored(ignore, start, end)) or any(
            ev.start < end and start < ev.end for ent in people.values() for ev in ent.evidence
        ):
            continue
        if name.split()[0] in GIVEN_NAMES or is_place_name(name):
            continue
        # a name a rule read in part ("Direzione distrettuale", "Erziehung"): its mentions are this one's
        _whole_name(orgs, name, start, end).aliases.add(m.group(1))


def _register(orgs: dict[str, _Entity], name: str, body: str, start: int, end: int) -> None:
    if (legal := _with_legal_form(body, name, end)) != (name, end):
        name, end = legal  # "Landleben Ketzür e.V."
    elif " für " in name and (portfolio := _PORTFOLIOS_DE.match(body, end)) is not None:
        # "Ministerium für Wirtschaft, Verkehr, Arbeit, Technologie und Tourismus": the portfolios listed
        name, end = name + portfolio.group(0), portfolio.end()
    ent = orgs.get(name)
    if ent is None:
        ent = orgs[name] = _Entity(name=name, first=start)
    ent.evidence.append(Evidence(body[start:end], start, end))
    a = _ACRONYM_AFTER.match(body, end)
    if a and _acronym_fits(a["a"], re.split(r"[ \u00a0-]+", name)):
        ent.aliases.add(a["a"])


_PLACE_NAMED_KINDS = ("verband", "verein")


def _kind_first(body: str, toks: list[_Tok], orgs: dict[str, _Entity], ctx: _Context) -> bool:
    """ "Gewerkschaft Verdi", "Baufirma Kessler Bau GmbH", "Woningcorporatie Mitros": a capitalised kind
    of organisation, then its name (the kind noun is not part of it)."""
    first = toks[0].text.lower()
    if len(toks) < 2 or not first.endswith(_CAPITAL_KINDS) or toks[0].text in GIVEN_NAMES:
        return False
    rest = toks[1:]
    words = [t.text for t in rest]
    if rest[0].text.islower() or any(w in TITLES or w in GIVEN_NAMES for w in words) or len(rest) > 4:
        return False
    if len(rest) == 1 and first.endswith(_PLACE_NAMED_KINDS):
        return False  # "Mieterverein Neuburg", "Landesfischereiverband Bayern": an association of a place
    if _german_adjective(words[0]) and len(words) > 1:
        return False  # "Gewerkschaft Deutscher Lokomotivführer": the kind noun begins the name
    if " ".join(words) in PLACES:
        return False
    if not _maybe_org(body, rest, orgs):
        _register(orgs, " ".join(words), body, rest[0].start, rest[-1].end)
    return True


def _club(body: str, toks: list[_Tok], orgs: dict[str, _Entity], ctx: _Context) -> bool:
    """Sports clubs: "FC Augsburg", "VfL Wolfsburg", "1. FC Köln", "Borussia Mönchengladbach", and in a
    report with a score "Leeds United", "Norwich City", "Real Betis"."""
    words = [t.text for t in toks]
    if not 2 <= len(words) <= 4 or any(w in TITLES for w in words[1:]):
        return False
    first, last = words[0], words[-1]
    if first in _CLUB_ABBREVIATIONS or (ctx.score and first in _CLUB_PREFIXES):
        start = toks[0].start
        numbered = _NUMBERED_CLUB.search(body[max(0, start - 4) : start])
        if numbered:
            start -= len(numbered.group(0))  # "1. FC Köln"
        end = toks[-1].end
        year = _CLUB_YEAR.match(body, end)
        if year:
            end = year.end()  # "SV Waldhausen 09", "TSV Hartberg 1946"
        _register(orgs, body[start:end], body, start, end)
        return True
    if (
        ctx.beaten
        and ctx.language in ("", "en")
        and len(words) <= 3
        and body[toks[0].start - 4 : toks[0].start] == "the "
        and _nickname(words)
        and re.search(rf"\b[Tt]he {re.escape(last)}\b(?! [A-Z])", body[toks[-1].end :]) is not None
    ):
        # "the Coastal Kingfishers beat the Riverside Stallions ... the Stallions face": a team by its plural
        # nickname, which the report uses alone again
        _register(orgs, " ".join(words), body, toks[0].start, toks[-1].end)
        return True
    if ctx.score and last in _CLUB_SUFFIXES and words[0] not in GIVEN_NAMES and len(words) <= 3:
        if " ".join(words) in PLACES or words[0] in _NEVER_FIRST:
            return False
        _register(orgs, " ".join(words), body, toks[0].start, toks[-1].end)
        return True
    return False


def _nickname(words: list[str]) -> bool:
    """ "Coastal Kingfishers", "Riverside Stallions": a plural last word, and nothing that makes the words a place,
    a people ("South Africans"), a person or a building."""
    last = words[-1]
    if not (last.endswith("s") and not last.endswith(("ss", "'s", "’s")) and last[:1].isupper()):
        return False
    if " ".join(words) in PLACES or last in FACILITIES or last in ORG_SUFFIXES:
        return False
    return not any(
        w in PLACES or w in DEMONYMS or w[:-1] in DEMONYMS or w in GIVEN_NAMES or w in TITLES or w in _NEVER_FIRST
        for w in words
    )


def _german_body(body: str, toks: list[_Tok], orgs: dict[str, _Entity], ctx: _Context) -> bool:
    """German and Dutch names of bodies whose head is a compound ("Deutsche Forschungsgemeinschaft",
    "Techniker Krankenkasse", "Klinikum Nürnberg", "Centraal Planbureau"), named in citation form."""
    if ctx.language not in ("de", "nl") or len(toks) > 8:
        return False
    words = [t.text for t in toks]
    if ctx.language == "nl":
        return _dutch_body(body, toks, words, orgs)
    if len(words) == 2 and words[0].lower() in _GERMAN_HEAD_NOUNS and is_place_name(words[1].split("-")[0]):
        # "Staatsanwaltschaft Hamburg", "Rundfunk Berlin-Brandenburg": a body's bare head and its place
        _register(orgs, " ".join(words), body, toks[0].start, toks[-1].end)
        return True
    if words[0].lower() in _GERMAN_PLACE_KINDS:
        return False  # "der Stadtteil Mettenhof": a place, whatever its name ends in
    if "für" in words and "und" in words[words.index("für") :]:
        # "das Bundesamt für Seeschifffahrt und Hydrographie | Unstimmigkeiten …": the word after the last
        # "und" ends the portfolios; a noun after it is the sentence's
        last_and = len(words) - 1 - words[::-1].index("und")
        if last_and + 2 < len(words):
            toks, words = toks[: last_and + 2], words[: last_and + 2]
    name = _german_citation(body, toks)
    if name is None:
        return False
    head = next(i for i, w in enumerate(words) if _german_org_word(w, bare=i > 0))
    if any(w in TITLES for w in words) or (any(w in GIVEN_NAMES for w in words) and "-" not in words[head]):
        return False  # a person's name, unless the body is named after one ("Robert Koch-Institut")
    if len(words) == 1:
        return False
    if (
        head + 1 < len(words)
        and not words[head + 1][:1].isupper()
        and words[head + 1] not in ("für", "der", "des", "und")
    ):
        return False
    _register(orgs, name, body, toks[0].start, toks[-1].end)
    return True


_GERMAN_HEAD_NOUNS = frozenset(w for words in _DATA["german_org_genders"].values() for w in words)
_GERMAN_PLACE_KINDS = frozenset("stadtteil ortsteil stadtbezirk stadtviertel viertel dorf ortschaft weiler".split())
_DUTCH_CONNECT = frozenset("van voor de het en der".split())


def _dutch_body(body: str, toks: list[_Tok], words: list[str], orgs: dict[str, _Entity]) -> bool:
    """ "Technische Universiteit Delft", "Rijksinstituut voor Volksgezondheid en Milieu", "Centraal
    Planbureau": adjectives, a head noun (or a compound ending in one), then names or connectives."""
    head = next(
        (i for i, w in enumerate(words) if w in ORG_HEADS_I18N or (len(w) > 4 and w.lower().endswith(_DUTCH_SUFFIXES))),
        -1,
    )
    if head < 0 or len(words) < 2 or any(w in GIVEN_NAMES or w in TITLES for w in words):
        return False
    if not all(w[:1].isupper() and w.endswith(("e", "aal", "ijk", "isch")) for w in words[:head]):
        return False
    if not all(w[:1].isupper() or w in _DUTCH_CONNECT for w in words[head + 1 :]):
        return False
    _register(orgs, " ".join(words), body, toks[0].start, toks[-1].end)
    return True


def _german_single(toks: list[_Tok], orgs: dict[str, _Entity], ctx: _Context) -> bool:
    w = toks[0].text
    if ctx.language != "de":
        return False
    if w in _GERMAN_PARLIAMENTS:
        hit: tuple[str, str] | None = (w, "m")  # "der Bundestag", "im Landtag"
    elif w.startswith(_GERMAN_SINGLE):
        hit = _german_org_word(w)
    else:
        return False
    if hit is None or w.lower() in _GERMAN_NOT_ORGS:
        return False
    prefix = next((p for p in _GERMAN_SINGLE if w.startswith(p)), "")
    form = hit[0]
    if len(form) < len(prefix) + 6 and w not in _GERMAN_PARLIAMENTS:
        return False  # "Bundesamt", "Landesamt": which one is not said
    ent = orgs.get(form)
    if ent is None:
        ent = orgs[form] = _Entity(name=form, first=toks[0].start)
    ent.evidence.append(Evidence(w, toks[0].start, toks[0].end))
    return True


def _cut_of_place(name: list[_Tok]) -> list[_Tok]:
    """ "Burgemeester Marieke Jansen van Utrecht", "Minister Jeroen de Vries van Financiën": after a
    title, a full name then "van"/"von" and one word is the office's place or portfolio."""
    if len(name) >= 4 and name[-2].text in ("van", "von"):
        core = [t for t in name[:-2] if t.text.lower() not in _PERSON_CONNECT]
        if len(core) >= 2:
            return name[:-2]
    return name


# the capital first, then the look-behind: re scans quickly for a leading character set
_ACRONYM = re.compile(r"[A-ZÄÖÜ](?<![\w.&-].)[A-ZÄÖÜ0-9&]{1,5}(?![\w&-]|\.\w)")
_ACRONYM_NOT_ORGS = frozenset(_DATA["acronym_not_orgs"])
_DATELINE_CREDIT = re.compile(r"^[^\n]{0,60}?\([^)\n]{1,30}\)[ \u00a0]*[—–-]")


def _count_acronyms(
    body: str,
    ignore: list[tuple[int, int]],
    people: dict[str, _Entity],
    orgs: dict[str, _Entity],
    *,
    acting: bool = False,
) -> None:
    """An acronym the text uses without defining it ("the SNCF", "la vakbond FNV") names an
    organisation, unless it is a place, a common abbreviation (GDP, CEO), part of a longer name
    ("BNP Paribas") or an alias of a name already found. The agency credit of a dateline is not counted."""
    known: set[str] | None = None
    skip_to = -1
    for m in _ACRONYM.finditer(body):
        a, start, end = m.group(0), m.start(), m.end()
        if (
            len(a) < 3
            or sum(c.isdigit() for c in a) > 1
            or a in _ACRONYM_NOT_ORGS
            or a in PLACES
            or a in _KNOWN_ORG_WORDS
            or a[0].isdigit()
            or a in orgs
        ):
            if a in orgs and (start, end) not in {(ev.start, ev.end) for ev in orgs[a].evidence}:
                orgs[a].evidence.append(Evidence(a, start, end))
            continue
        if _next_to_name(body, start, end):
            continue
        if acting and not (_ACTS_AFTER.match(body, end) or _ACCORDING_BEFORE.search(body, max(0, start - 20), start)):
            continue  # English: only an acronym that speaks or acts ("the BMKG said", "according to NOAA")
        if skip_to < 0:
            credit = _DATELINE_CREDIT.match(body)
            skip_to = credit.end() if credit else 0
        if start < skip_to or (ignore and _ignored(ignore, start, end)):
            continue
        if known is None:
            # an acronym the text defines ("... (AEMET)") stands for a name no rule read: the name,
            # not the acronym, is what a reader would list
            known = {d.group(1) for d in _IN_PARENTHESES.finditer(body) if d.start() >= skip_to}
            for ent in orgs.values():
                known.update(ent.aliases)
                known.update(ent.name.split())
            for ent in people.values():
                known.update(ent.name.split())
        if a in known:
            continue
        orgs[a] = _Entity(name=a, first=start, evidence=[Evidence(a, start, end)])


_ACTS_AFTER = re.compile(
    r"(?:['’]s)?[ \u00a0]+(?:said|says|announced|announces|warned|warns|reported|reports|confirmed|confirms|added|"
    r"stated|issued|issues|estimated|estimates|forecast|forecasts|recorded|ordered|ruled|urged|told|"
    r"spokesman|spokeswoman|spokesperson|chief|director|head|chairman|chairwoman|president|secretary-general)\b"
)
_ACCORDING_BEFORE = re.compile(r"\b(?:according[ \u00a0]+to|said[ \u00a0]+by)[ \u00a0]+(?:the[ \u00a0]+)?$")
_CAPITAL_ARTICLES = frozenset("La Le Les L' El Il Lo O A Os As De Het Die Der Das Den The".split())
_IN_PARENTHESES = re.compile(r"\(([A-ZÄÖÜ][A-Za-zÄÖÜ0-9&]{1,11})\)")
_KNOWN_ORG_WORDS = frozenset(w for name, aliases in KNOWN_ORGS.items() for w in (*aliases, *name.split()))


def _next_to_name(body: str, start: int, end: int) -> bool:
    """A word of a longer capitalised name ("BNP Paribas", "MG France", "ASML Holding"), of a run in
    capitals ("BREAKING NEWS", a dateline's "PARIS —"), or in parentheses after a name no rule read."""
    after = body[end : end + 2]
    if (after[:1] in (" ", "\u00a0") and after[1:2].isupper()) or after[:1] == "-":
        return True
    if body[end : end + 4].lstrip(" ,").startswith(("—", "–")):
        return True
    before = body[max(0, start - 30) : start]
    if before.endswith((" ", "\u00a0")) and not _sentence_initial(body, start):
        prev = before.split()[-1:] or [""]
        if prev[0].endswith((",", ";")):
            return False  # "Rheinmetall, Leonardo and Thales": a list, each a name of its own
        word = prev[0].rstrip(".,")
        # (a kind of body capitalised at a sentence's start is no part of the name: "Vakbond FNV eist …")
        return (
            word[:1].isupper()
            and word not in _NEVER_FIRST
            and word not in _CAPITAL_ARTICLES
            and not (word.lower() in _ORG_KINDS and _sentence_initial(body, start - len(prev[0]) - 1))
        )
    return False


# --- counting --------------------------------------------------------------------------------


def _ignored(ignore: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in ignore)


def _occurrences(body: str, surface: str) -> Iterable[tuple[int, int]]:
    # str.find, not a regex per surface: compiling one pattern per name overflowed re's cache and
    # cost a quarter of the extraction time
    n = len(surface)
    i = body.find(surface)
    while i >= 0:
        before = body[i - 1] if i else " "  # ("" is in every string: a name at either end counts too)
        after = body[i + n] if i + n < len(body) else " "
        if not (before.isalnum() or before in "_&-") and not (after.isalnum() or after in "_&-"):
            yield i, i + n
        i = body.find(surface, i + 1)


_HONORIFICS = frozenset("Herr Frau Mr Mr. Mrs Mrs. Ms Ms. M. Mme Sr. Sra. Dhr. Mevr. Sig. Signor Signora".split())
_NATIONAL_SOCIETIES = frozenset(("Red Cross", "Red Crescent"))
_DEMONYM_BEFORE = re.compile(r"([A-Z][a-z]+)[ \u00a0]$")


def _count_known_orgs(body: str, ignore: list[tuple[int, int]], orgs: dict[str, _Entity]) -> None:
    taken: list[tuple[int, int]] | None = None  # the spans of the names found, once one is needed
    for name, aliases in KNOWN_ORGS.items():
        if name in orgs:
            orgs[name].aliases.update(aliases)
            continue
        if name not in body and not any(a in body for a in aliases):
            continue
        if taken is None:
            taken = [(ev.start, ev.end) for ent in orgs.values() for ev in ent.evidence]
        hits = [
            (s, e)
            for s, e in _occurrences(body, name)
            if not _ignored(ignore, s, e) and not any(a <= s and e <= b and (a, b) != (s, e) for a, b in taken)
        ]
        national = [m for s, e in hits if name in _NATIONAL_SOCIETIES and (m := _DEMONYM_BEFORE.search(body, 0, s))]
        if national and national[0].group(1) in DEMONYMS:
            # "the Indonesian Red Cross", "the Turkish Red Crescent": a country's own society
            m = national[0]
            full = f"{m.group(1)} {name}"
            ent = orgs.setdefault(full, _Entity(name=full, first=m.start(1)))
            ent.evidence.append(Evidence(full, m.start(1), m.start(1) + len(full)))
            hits = [(s, e) for s, e in hits if s != m.end()]
        if hits:
            ent = orgs[name] = _Entity(name=name, first=hits[0][0])
            ent.evidence.extend(Evidence(body[s:e], s, e) for s, e in hits)
            ent.aliases.update(aliases)
        elif any(a.isupper() and len(a) >= 2 for a in aliases):
            # "the UN said": the acronym alone names it
            for alias in aliases:
                hits = [(s, e) for s, e in _occurrences(body, alias) if not _ignored(ignore, s, e)]
                if hits and alias.isupper():
                    ent = orgs[name] = _Entity(name=name, first=hits[0][0])
                    break


# Well-known organisations named by their name alone (data/known_orgs.json): groups of forms,
# indexed by the first word of each form, so that an article looks up only its own capitalised words.
_LISTED = json.loads((Path(__file__).parent / "data" / "known_orgs.json").read_text(encoding="utf-8"))
_SPORT_ONLY = frozenset(_LISTED["clubs_in_sport_only"])
_PLACE_PREPOSITIONS = {
    "": frozenset(("in", "at", "near", "from")),
    "en": frozenset(("in", "at", "near", "from")),
    "de": frozenset(("in", "im", "nach", "aus", "bei")),
    "fr": frozenset(("à", "en", "vers", "près")),
    "es": frozenset(("en", "desde", "hacia")),
    "it": frozenset(("a", "in", "da", "verso")),
    "pt": frozenset(("em", "para", "no", "na")),
    "nl": frozenset(("in", "te", "naar", "uit", "bij")),
}
# "L'Atalanta", "dell'Inter": a word after an elision is looked up on its own ("L'Oréal" under "L")
_LISTED_KEY = re.compile(r"[ \u00a0'’]")


def _listed_index(groups: list[list[str]]) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for group in groups:
        forms = tuple(group)
        for form in forms:
            key = _LISTED_KEY.split(form, maxsplit=1)[0].rstrip(".")
            if key[:1].isupper() and forms not in index.setdefault(key, []):
                index[key].append(forms)
    return index


_LISTED_ANYWHERE = _listed_index(_LISTED["anywhere"] + _LISTED["clubs"])
# forms that begin in lower case ("al-Shabaab", "al-Qaeda"): no capitalised run leads to them
_LISTED_LOWER = [(form, tuple(g)) for g in _LISTED["anywhere"] for form in g if form[:1].islower() and len(form) > 4]
_LISTED_BY_LANGUAGE = {lang: _listed_index(groups) for lang, groups in _LISTED["by_language"].items()}
# another language's bodies as English news writes them, with the article: "the Bundestag", "the Knesset",
# "the Assemblée nationale" (without it, "Lega" or "Podemos" may be anything)
_LISTED_FOREIGN = _listed_index([g for groups in _LISTED["by_language"].values() for g in groups if len(g[0]) > 4])
_LISTED_FORMS = frozenset(f for groups in (_LISTED["anywhere"], _LISTED["clubs"]) for g in groups for f in g) | {
    f for groups in _LISTED["by_language"].values() for g in groups for f in g
}


@cache
def _last_capital(form: str) -> str:
    """The last capitalised word of a listed form ("Commission" of "U.S. Securities and Exchange Commission")."""
    return next((w for w in reversed(_LISTED_KEY.split(form)) if w[:1].isupper()), "")


def _count_listed_orgs(
    body: str,
    spans: list[str],
    ignore: list[tuple[int, int]],
    vocab: tuple[set[str], set[str]],
    people: dict[str, _Entity],
    orgs: dict[str, _Entity],
    ctx: _Context,
) -> None:
    """ "Volkswagen", "la Banque mondiale", "Ajax", "il Pd": a listed organisation, as written, unless it
    is part of a longer capitalised name ("Siemens Energy", "Marco Ferrari"), inside a name already found,
    a person's surname, an ordinary word of this text ("vale", "meta"), or a club named after a place
    outside a sports report (or right after "in", "à", "nach" there)."""
    # the lower-case words of the text, and with German nouns after a determiner ("der Konkurrent")
    lower_vocab, nouns = vocab
    words = set(" ".join(spans).split())
    if "'" in body or "’" in body:
        for w in [w for w in words if "'" in w or "’" in w]:
            words.update(_LISTED_KEY.split(w))
    own = _LISTED_BY_LANGUAGE.get(ctx.language)
    groups = [g for w in words.intersection(_LISTED_ANYWHERE) for g in _LISTED_ANYWHERE[w]]
    groups += [g for form, g in _LISTED_LOWER if form in body]
    if own:
        groups += [g for w in words.intersection(own) for g in own[w]]
    foreign: set[tuple[str, ...]] = set()
    if ctx.language in ("", "en"):
        foreign = {g for w in words.intersection(_LISTED_FOREIGN) for g in _LISTED_FOREIGN[w]} - set(groups)
        groups += foreign
    if not groups:
        return
    # longest names first ("Il Sole 24 Ore" before "Sole 24 Ore"), in the same order whatever the hash seed
    groups = sorted(set(groups), key=lambda forms: (-max(map(len, forms)), forms))
    taken = [(ev.start, ev.end) for ents in (orgs, people) for ent in ents.values() for ev in ent.evidence]
    credit = _DATELINE_CREDIT.match(body)
    if credit:
        taken.append((0, credit.end()))  # "PARIS (AFP) —": the agency's credit, not a mention
    # a later or shorter mention of a name found ("CCOO" for Comisiones Obreras, "Ajax" for AFC Ajax)
    found = {a for ent in orgs.values() for a in ent.aliases} | {w for name in orgs for w in name.split()}
    surnames = {ent.name.split()[-1] for ent in people.values()}
    prepositions = _PLACE_PREPOSITIONS.get(ctx.language, _PLACE_PREPOSITIONS[""])
    german = ctx.language == "de"
    done: set[tuple[str, ...]] = set()
    for forms in groups:
        if forms in done:
            continue
        done.add(forms)
        # (a form's last capitalised word must be a word of the text's capitalised runs: a set lookup
        # first, then one scan of the text per form that passes)
        present = [f for f in forms if (not _last_capital(f) or _last_capital(f) in words) and f in body]
        if not present:
            continue
        known = next((f for f in forms if f in orgs), None)
        if known:  # "Stade rennais", then "Rennes": later mentions of a name found
            orgs[known].aliases.update(f for f in forms if f != known and (ctx.score or f not in _SPORT_ONLY))
            continue
        name = ""
        hits: list[tuple[int, int]] = []
        for form in present:
            if form in found or (" " not in form and (form.lower() in lower_vocab or form in surnames)):
                continue
            if f"({form})" in body and not _after_person(body, f"({form})", people):
                continue  # "Banco de México (Banxico)": defined in the text, the name is the full one
            sport_only = form in _SPORT_ONLY
            if sport_only and not ctx.score:
                continue
            for s, e in _occurrences(body, form):
                if any(ts < e and s < te for ts, te in taken) or (ignore and _ignored(ignore, s, e)):
                    continue
                if forms in foreign and body[max(0, s - 4) : s] not in ("the ", "The "):
                    continue
                if _next_to_name(body, s, e) and not (german and _after_noun(body, s, e, nouns)):
                    continue
                if sport_only:
                    before = _WORD_BEFORE.search(body[max(0, s - 12) : s])
                    if before and before.group(1) in prepositions:
                        continue
                hits.append((s, e))
                name = name or form
        if not hits:
            continue
        ent = orgs.get(name)
        if ent is None:
            ent = orgs[name] = _Entity(name=name, first=min(hits)[0])
        ent.evidence.extend(Evidence(body[s:e], s, e) for s, e in sorted(hits))
        ent.aliases.update(f for f in forms if f != name and (ctx.score or f not in _SPORT_ONLY))
        taken.extend(hits)


def _after_person(body: str, parenthesised: str, people: dict[str, _Entity]) -> bool:
    """ "Gerrit-Jan ter Horst (VVD)": an acronym in parentheses right after a person is the party or body the
    person belongs to, not a definition of the name before it."""
    ends = {ev.end for ent in people.values() for ev in ent.evidence}
    at = body.find(parenthesised)
    while at >= 0:
        if at - 1 in ends or at in ends:
            return True
        at = body.find(parenthesised, at + 1)
    return False


def _after_noun(body: str, start: int, end: int, nouns: set[str]) -> bool:
    """ "der Konkurrent Boeing", "Autobauer Volkswagen": German capitalises the common noun before a
    name; it is no part of the name when the text also uses it after a determiner or it is a kind of
    organisation, and no capitalised word follows."""
    after = body[end : end + 2]
    if after[:1] in (" ", "\u00a0") and after[1:2].isupper():
        return False
    before = body[max(0, start - 50) : start]
    prev = _WORD_BEFORE.search(before)
    if prev is None:
        return False
    word = prev.group(1).lower()
    if word in nouns or word.endswith(_CAPITAL_KINDS):
        return True
    return _DETERMINER_BEFORE.search(before, 0, prev.start()) is not None


_DETERMINER_BEFORE = re.compile(r"(?<![\w-])(?:[Dd](?:er|ie|as|en|em|es)|[Ee]in(?:e|er|em|en|es)?)[ \u00a0]+$")


def _count_aliases(body: str, ignore: list[tuple[int, int]], orgs: dict[str, _Entity]) -> None:
    for ent in orgs.values():
        seen = {(e.start, e.end) for e in ent.evidence}
        for alias in ent.aliases:
            for s, e in _occurrences(body, alias):
                if (s, e) not in seen and not _ignored(ignore, s, e):
                    ent.evidence.append(Evidence(body[s:e], s, e))
                    seen.add((s, e))
        ent.evidence.sort(key=lambda ev: ev.start)
        if ent.evidence:
            ent.first = ent.evidence[0].start


def _surname_hits(body: str, surnames: list[str]) -> list[tuple[int, int, str]]:
    """The matches of ``(?<![\\w'’-])(A|B|...)(?![\\w-])`` over the surnames, as re.finditer gives them
    (leftmost first, the first alternative that fits at a position, no overlaps), found with str.find:
    a pattern compiled per article cost a millisecond each, since every article's names differ."""
    n_body = len(body)
    found: dict[int, tuple[int, int, str]] = {}
    for k, surname in enumerate(surnames):
        n = len(surname)
        i = body.find(surname)
        while i >= 0:
            before = body[i - 1] if i else ""
            after = body[i + n] if i + n < n_body else ""
            if (
                not (before and (before.isalnum() or before in "_'’-"))
                and not (after and (after.isalnum() or after in "_-"))
                and i not in found
            ):
                found[i] = (k, i + n, surname)
            i = body.find(surname, i + 1)
    hits: list[tuple[int, int, str]] = []
    pos = 0
    for i in sorted(found):
        if i >= pos:
            _k, end, surname = found[i]
            hits.append((i, end, surname))
            pos = end
    return hits


_JOB_ENDINGS = ("ist", "ator", "ian", "ologist", "icus", "loog")


def _merge_people(people: dict[str, _Entity], orgs: dict[str, _Entity]) -> None:
    """A "person" that is also an organisation found ("Shamrock Rovers") is none; a later mention by a
    two-word surname ("Il sindaco Rota Ghisleni" after "Alessandro Rota Ghisleni") is the same person."""
    for name in [n for n in people if n in orgs]:
        del people[name]
    for name in [n for n in people if " " in n and n in _LISTED_FORMS]:
        # "Albert Heijn", "Johnson & Johnson": a listed organisation, not the person it is named after
        ent = people.pop(name)
        orgs.setdefault(name, _Entity(name=name, first=ent.first)).evidence.extend(ent.evidence)
    names = list(people)
    for name in names:
        words = name.split()
        if len(words) < 2:
            continue
        longer = next(
            (
                o
                for o in names
                if o != name
                and o in people
                and o.endswith(" " + name)
                and o.split()[0] not in TITLES
                and o.split()[0].lower() not in ROLE_NOUNS
                and o.split()[0] != "Staff"  # "Chief of Staff Howard Baker": the title's last word
            ),
            None,
        )
        if longer:
            people[longer].evidence.extend(people.pop(name).evidence)


# --- companies named by what a markets report says of their shares ---------------------------------

_MARKET_CUE = re.compile(r"(?:\d[ \u00a0]?%|\bper[ \u00a0]?cent\b|\bpercent\b|\bpunti[ \u00a0]percentuali\b)")
_COMPANY = rf"(?P<n>{_WORD}(?:[ \u00a0](?:&[ \u00a0])?{_WORD}){{0,2}})"
_MOVE = (
    r"(?:rose|fell|gained|lost|climbed|slipped|dropped|jumped|slumped|added|shed|surged|tumbled|sank|"
    r"a[ \u00a0]reculé|a[ \u00a0]progressé|a[ \u00a0]gagné|a[ \u00a0]perdu|a[ \u00a0]chuté|recule|progresse|"
    r"subió|bajó|cayó|ganó|perdió|sube|baja|cae|"
    r"ha[ \u00a0]guadagnato|ha[ \u00a0]perso|guadagna|perde|cede|sale|scende|"
    r"subiu|caiu|recuou|avançou|sobe|cai|"
    r"steeg|daalde|won|verloor|stieg|fiel|gewann|verlor)"
)
_SHARES = re.compile(
    # "shares of Halvorsen Marine rose", "les actions de Rivaud", "le azioni di Moretti"
    r"\b(?:[Ss]hares|[Ss]tock|actions|acciones|azioni|ações|aandelen|Aktien|titres?)[ \u00a0]+"
    rf"(?:of|in|de|del|di|della|do|da|van|von|der)[ \u00a0]+(?:l['’])?{_COMPANY}"
)
# "Northcell gained 4 percent", "Orsenne a reculé de 4,1 %", "Kessler shares fell": the move is looked for
# first, then the name right before it (one scan of the text, not one attempt at every capitalised word)
_MOVES = re.compile(rf"(?<![\w]){_MOVE}(?![\w])")
_NUMBER_AFTER_MOVE = re.compile(r"[ \u00a0]+(?:(?:by|de|un|del|il|met|um)[ \u00a0]+)?\d")
_SHARES_BEFORE_MOVE = re.compile(r"(?:['’]s[ \u00a0]+shares|[ \u00a0]+(?:shares|stock))?[ \u00a0]+$")
_NAME_BEFORE_MOVE = re.compile(rf"(?<![\w'’-]){_COMPANY}$")
_INDICES = _words(
    """FTSE CAC DAX Nikkei Dow Nasdaq S&P Stoxx Ibex Bovespa Sensex Nifty Kospi AEX SMI MIB Hang Seng Topix
    Brent WTI Gold Silver Copper Oil Bitcoin Euro Dollar Yen Sterling Shares Stocks Prices Inflation Sales
    Profits Revenue Output Exports Imports Unemployment GDP"""
)
_JOINED_BEFORE = re.compile(r"[ \u00a0](?:et|and|und|en|e|y|&)[ \u00a0]$")
_INDICES_UPPER = frozenset(w.upper() for w in _INDICES)


def _companies_by_their_shares(
    body: str,
    ignore: list[tuple[int, int]],
    people: dict[str, _Entity],
    orgs: dict[str, _Entity],
    lower_words: set[str],
) -> None:
    """ "Swedish rival Northcell gained 4 percent", "shares of Halvorsen Marine rose": a company whose shares
    move (not an index, a commodity, a currency, a place, a people or a person)."""
    found = [(m.group("n"), m.start("n")) for m in _SHARES.finditer(body)]
    for move in _MOVES.finditer(body):
        gap = _SHARES_BEFORE_MOVE.search(body, max(0, move.start() - 14), move.start())
        # a move needs a number after it, or the word "shares" before it
        if gap is None or not (_NUMBER_AFTER_MOVE.match(body, move.end()) or "s" in gap.group(0)):
            continue
        before = _NAME_BEFORE_MOVE.search(body, max(0, gap.start() - 60), gap.start())
        if before is not None:
            found.append((before.group("n"), before.start("n")))
    person_words = {w for ent in people.values() for w in ent.name.split()}
    org_words = {w for ent in orgs.values() for w in ent.name.split()}
    for raw, start in found:
        name = _POSSESSIVE.sub("", raw)
        words = name.split()
        if len(words) > 1 and words[0] in _CAPITAL_ARTICLES:
            start += len(words[0]) + 1  # "O Itaú Unibanco subiu 2%"
            words = words[1:]
            name = " ".join(words)
        if _JOINED_BEFORE.search(body, max(0, start - 6), start) or (len(words) == 1 and name in org_words):
            continue  # "Rivaud et | Fils", a later "Brennock" for Brennock Energy plc
        if (
            not words
            or name in orgs
            or name in people
            or any(w.upper() in _INDICES_UPPER or w in DEMONYMS or w in PLACES or w in _NEVER_FIRST for w in words)
            or name in PLACES
            or words[-1] in FACILITIES
            or words[-1] in ("City", "County", "State", "Province", "Region")
            or (len(words) == 1 and (name.lower() in lower_words or _sentence_initial(body, start)))
            or ("-" in name and name.split("-")[-1].islower())  # "Travel-related"
            or words[0] in GIVEN_NAMES
            or any(w in person_words for w in words)
            or (ignore and _ignored(ignore, start, start + len(name)))
        ):
            continue
        _register(orgs, name, body, start, start + len(name))


# --- clubs named by what sport says of them -------------------------------------------------------

# (words only sport uses: "manager" and "coach" are everyone's)
_SPORT_ROLES = frozenset(
    """striker strikers midfielder midfielders goalkeeper defender defenders winger wingers delantero
    centrocampista portero atacante goleiro zagueiro attaccante centrocampista portiere attaquant
    milieu gardien""".split()
)
# national teams are no organisations (by the labelling rules); nor are the places a report names as such
_TEAM_PLACES = frozenset(
    set(COUNTRY_NAMES.values())
    | {n for lang in ("de", "fr", "es", "it", "pt", "nl") for n in country_names_in(lang).values()}
    | {"England", "Scotland", "Wales", "Ireland", "Northern Ireland", "Holland", "Britain", "Great Britain"}
    | {"Africa", "Europe", "Asia", "America", "Oceania", "U.S", "U.S.", "US", "UK", "USA"}
)
_CLUB_NAME = rf"(?P<n>{_WORD}(?:[ \u00a0](?:de[ \u00a0])?{_WORD}){{0,2}})"
_CLUB_CONTEXTS = [
    # "a 3-1 win over Motherwell", "their defeat to Hearts"
    re.compile(rf"\b(?:win|victory|defeat|draw|loss|triumph)[ \u00a0]+(?:over|against|to|with)[ \u00a0]+{_CLUB_NAME}"),
    # "Hearts beat Motherwell", "drew with Aberdeen", "lost to Celtic", "face Genk"
    re.compile(
        r"\b(?:beat|beats|defeated|thrashed|edged|overcame|drew[ \u00a0]+with|lost[ \u00a0]+to|face|faces|facing|"
        rf"host|hosts|hosted|visit|visits|meet|meets|knocked[ \u00a0]+out)[ \u00a0]+{_CLUB_NAME}"
    ),
    # "sold … to Sturm Graz", "on loan from Athletico Paranaense", "joined Ajax"
    re.compile(
        r"\b(?:joined|joins|rejoined|left|leaves|loan[ \u00a0]+from|loan[ \u00a0]+to|signed[ \u00a0]+from)"
        rf"[ \u00a0]+{_CLUB_NAME}"
    ),
    # "Motherwell manager Stuart Lennie", "Rovers fans"
    re.compile(
        rf"{_CLUB_NAME}(?:['’]s)?[ \u00a0]+(?:manager|coach|head[ \u00a0]+coach|boss|chairman|striker|midfielder|"
        r"defender|goalkeeper|winger|forward|fans|supporters|academy|squad)\b"
    ),
    # "el entrenador de Boca", "o técnico do Cruzeiro", "l'allenatore del Milan"
    re.compile(
        r"\b(?:entrenador|técnico|treinador|allenatore|entraîneur|presidente|président|delantero|atacante|"
        rf"attaccante|attaquant)[ \u00a0]+(?:de|del|do|da|di|du|dell['’])[ \u00a0]?(?:l['’])?{_CLUB_NAME}"
    ),
    # "the home game against Aberdeen", "held 0-0 by Peñarol"
    re.compile(rf"\b(?:against|versus|vs\.?|v|tegen|gegen|contre|contra|contro)[ \u00a0]+{_CLUB_NAME}"),
    re.compile(
        r"\b(?:held|beaten|defeated|edged|thrashed|knocked[ \u00a0]+out)(?:[ \u00a0]+\d[-–]\d{1,2})?"
        rf"[ \u00a0]+by[ \u00a0]+{_CLUB_NAME}"
    ),
    # "Boca Juniors were held", "Hearts moved into third"
    re.compile(
        rf"{_CLUB_NAME}[ \u00a0]+(?:were|was|are|is)[ \u00a0]+(?:held|beaten|knocked[ \u00a0]+out|relegated|promoted)\b"
    ),
    re.compile(rf"{_CLUB_NAME}[ \u00a0]+(?:moved|climbed|slipped|dropped|went)[ \u00a0]+(?:into|to|up|down|top)\b"),
    # "Shamrock Rovers have sold …", "Ajax are closing in on …"
    re.compile(
        rf"{_CLUB_NAME}[ \u00a0]+(?:have|has)[ \u00a0]+(?:sold|signed|taken|agreed|completed|confirmed|appointed|"
        r"sacked|released|loaned|rejected|accepted)\b"
    ),
    re.compile(rf"{_CLUB_NAME}[ \u00a0]+(?:are|is)[ \u00a0]+(?:closing[ \u00a0]+in|set[ \u00a0]+to[ \u00a0]+sign)\b"),
    # "vencer 1-0 a River Plate", "Hearts 2-1 Motherwell"
    re.compile(rf"\d[-–]\d{{1,2}}[ \u00a0]+(?:a|al|ao|à|against|over)?[ \u00a0]*{_CLUB_NAME}"),
]


def _clubs_by_context(
    body: str,
    ignore: list[tuple[int, int]],
    people: dict[str, _Entity],
    orgs: dict[str, _Entity],
    lower_words: set[str],
) -> None:
    """In a sports report, a club named bare by what the report says of it: beaten, faced, joined, its
    manager or its fans ("a 3-1 win over Motherwell", "Ajax are closing in … from Athletico Paranaense").
    Not national teams (a country or its people), people, titles or words the report also uses in lower case."""
    person_words = {w for ent in people.values() for w in ent.name.split()}
    org_words = {w for ent in orgs.values() for w in ent.name.split()}
    found: list[tuple[str, int]] = [(m.group("n"), m.start("n")) for rx in _CLUB_CONTEXTS for m in rx.finditer(body)]
    # "Juventus-Torino 1-1, Roma-Lazio 2-0": a fixture and its score
    for m in _FIXTURE.finditer(body):
        found += [(m.group("a"), m.start("a")), (m.group("b"), m.start("b"))]
    for name, start in found:
        name = _POSSESSIVE.sub("", name)  # "Villa's"
        if (owner := _PLACE_OWNER.match(name)) and owner.group(1) in PLACES:
            name, start = name[owner.end() :], start + owner.end()  # "Istanbul's Galata Basket"
        words = name.split()
        while words and (words[-1] in _PERSON_CONNECT or words[-1] in TITLES):
            words.pop()
        name = " ".join(words)
        if not words or name in orgs or (ignore and _ignored(ignore, start, start + len(name))):
            continue
        if (
            name in _TEAM_PLACES
            or ("-" in name and any(p in _TEAM_PLACES for p in name.split("-")))
            or words[-1] in FACILITIES
            or name.endswith(("-born", "-based"))
            or name in KNOWN_ORGS
            or (len(words) == 1 and name.lower() in lower_words)  # "Away fans", "Substitute Kenji …"
            or any(w in DEMONYMS or w.rstrip("s") in DEMONYMS or w in GIVEN_NAMES or w in TITLES for w in words)
            or any(w in person_words for w in words)
            or any(w in _NEVER_FIRST or w in MONTHS or w in WEEKDAYS for w in words)
            or (len(words) == 1 and (name in org_words or name.lower() in _SPORT_WORDS_LOWER))
            or name.lower() in _SPORT_WORDS_LOWER
        ):
            continue
        _register(orgs, name, body, start, start + len(name))
        org_words.update(words)


# tennis, golf, athletics: players, not clubs, beat and face one another
_INDIVIDUAL_SPORT = re.compile(r"\b(?:seeded|tie-?break|straight sets|Grand Slam|ATP|WTA|PGA|birdie|bogey|marathon)\b")
_PLACE_OWNER = re.compile(r"([A-Z][\w.-]*(?: [A-Z][\w.-]*)?)['’]s[ \u00a0]+")
_FIXTURE_SIDE = rf"[{_UP}][\w.'’]+(?:[ \u00a0][{_UP}][\w.'’]+)?"
_FIXTURE = re.compile(
    rf"(?<![\w-])(?P<a>{_FIXTURE_SIDE})[-–](?P<b>{_FIXTURE_SIDE})[ \u00a0]+\d{{1,2}}[-–:]\d{{1,2}}(?![\d])"
)
_SPORT_WORDS_LOWER = frozenset(
    """the league cup final season club team side coach fc away home substitute former star veteran young teenage
    rookie new top rival rivals opposing visiting injured captain their our his her its both each every head
    assistant interim caretaker everyone everybody nobody someone""".split()
)


def _count_people(body: str, ignore: list[tuple[int, int]], people: dict[str, _Entity]) -> None:
    """Count every mention of each person's full name, then bare surnames ("Singh said",
    "Mr Duarte"), each credited to the nearest earlier person with that surname."""
    taken: set[tuple[int, int]] = set()
    for ent in people.values():
        ent.evidence = [
            Evidence(body[s:e], s, e) for s, e in _occurrences(body, ent.name) if not _ignored(ignore, s, e)
        ]
        taken.update((ev.start, ev.end) for ev in ent.evidence)
        ent.first = ent.evidence[0].start if ent.evidence else ent.first
    by_surname: dict[str, list[_Entity]] = {}
    for ent in people.values():
        surname = ent.name.split()[-1]
        if surname not in PLACES and surname not in GIVEN_NAMES and surname not in COMMON_CAPITALISED:
            by_surname.setdefault(surname, []).append(ent)
    if not by_surname:
        return
    covered = sorted(taken)
    for s, e, surname in _surname_hits(body, list(by_surname)):
        if any(cs <= s and e <= ce for cs, ce in covered) or _ignored(ignore, s, e):
            continue
        # "Rui Duarte" is someone else: a bare surname must not be the end of another full name
        prev = _CAPITALISED_BEFORE.search(body[max(0, s - 30) : s])
        if (
            prev
            and prev.group(1) not in TITLES
            and prev.group(1) not in TITLE_MODIFIERS
            and not _sentence_initial(body, s - len(prev.group(0)))
            and prev.group(1) not in COMMON_CAPITALISED
        ):
            continue
        candidates = by_surname[surname]
        before = [c for c in candidates if c.first < s]
        ent = max(before, key=lambda c: c.first) if before else candidates[0]
        ent.evidence.append(Evidence(body[s:e], s, e))
    for ent in people.values():
        ent.evidence.sort(key=lambda ev: ev.start)


def _tags(entities: dict[str, _Entity]) -> tuple[EntityTag, ...]:
    ranked = sorted((e for e in entities.values() if e.evidence), key=lambda e: (-len(e.evidence), e.first))
    return tuple(EntityTag(name=e.name, mentions=len(e.evidence), evidence=tuple(e.evidence)) for e in ranked)
