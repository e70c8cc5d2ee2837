"""Thirty countries on five dates, 2016–2025: their heads of state and government and foreign ministers each
resolve, through the whole pipeline, to the person who held the office that day and to the country's
government code; leaders out of office keep their country as elites (ELI).

Each row is a country and the people in office on the date (head of state, head of government, foreign
minister; where one person holds two of these, or the date falls in a vacancy or an interim, fewer). The
sentence is one of ours: the name, "said", and the article's publication date."""

from __future__ import annotations

import pytest

from dragoman.actors import load_kb
from dragoman.actors.names import phrase_key
from dragoman.model import Article

IN_OFFICE = {
    "2016-02-15": [
        ("USA", "Barack Obama", "John Kerry"),
        ("GBR", "Queen Elizabeth II", "David Cameron", "Philip Hammond"),
        ("FRA", "François Hollande", "Manuel Valls", "Jean-Marc Ayrault"),
        ("RUS", "Vladimir Putin", "Dmitry Medvedev", "Sergey Lavrov"),
        ("CHN", "Xi Jinping", "Li Keqiang", "Wang Yi"),
        ("DEU", "Joachim Gauck", "Angela Merkel", "Frank-Walter Steinmeier"),
        ("JPN", "Shinzo Abe", "Fumio Kishida"),
        ("ITA", "Sergio Mattarella", "Matteo Renzi", "Paolo Gentiloni"),
        ("CAN", "Justin Trudeau", "Stéphane Dion"),
        ("AUS", "Malcolm Turnbull", "Julie Bishop"),
        ("IND", "Pranab Mukherjee", "Narendra Modi", "Sushma Swaraj"),
        ("BRA", "Dilma Rousseff", "Mauro Vieira"),
        ("MEX", "Enrique Peña Nieto", "Claudia Ruiz Massieu"),
        ("ARG", "Mauricio Macri", "Susana Malcorra"),
        ("ZAF", "Jacob Zuma", "Maite Nkoana-Mashabane"),
        ("TUR", "Recep Tayyip Erdoğan", "Ahmet Davutoğlu", "Mevlüt Çavuşoğlu"),
        ("IRN", "Ali Khamenei", "Hassan Rouhani", "Mohammad Javad Zarif"),
        ("ISR", "Reuven Rivlin", "Benjamin Netanyahu"),
        ("EGY", "Abdel Fattah el-Sisi", "Sherif Ismail", "Sameh Shoukry"),
        ("SAU", "King Salman", "Adel al-Jubeir"),
        ("UKR", "Petro Poroshenko", "Arseniy Yatsenyuk", "Pavlo Klimkin"),
        ("IRQ", "Fuad Masum", "Haider al-Abadi", "Ibrahim al-Jaafari"),
        ("SYR", "Bashar al-Assad", "Wael al-Halqi", "Walid Muallem"),
        ("LBN", "Tammam Salam", "Gebran Bassil"),
        ("JOR", "King Abdullah II", "Abdullah Ensour", "Nasser Judeh"),
        ("IDN", "Joko Widodo", "Retno Marsudi"),
        ("KOR", "Park Geun-hye", "Hwang Kyo-ahn", "Yun Byung-se"),
        ("TUN", "Beji Caid Essebsi", "Habib Essid", "Khemaies Jhinaoui"),
        ("MLI", "Ibrahim Boubacar Keïta", "Modibo Keïta", "Abdoulaye Diop"),
        ("ETH", "Mulatu Teshome", "Hailemariam Desalegn", "Tedros Adhanom"),
    ],
    "2019-06-15": [
        ("USA", "Donald Trump", "Mike Pompeo"),
        ("GBR", "Queen Elizabeth II", "Theresa May", "Jeremy Hunt"),
        ("FRA", "Emmanuel Macron", "Édouard Philippe", "Jean-Yves Le Drian"),
        ("RUS", "Vladimir Putin", "Dmitry Medvedev", "Sergey Lavrov"),
        ("CHN", "Xi Jinping", "Li Keqiang", "Wang Yi"),
        ("DEU", "Frank-Walter Steinmeier", "Angela Merkel", "Heiko Maas"),
        ("JPN", "Shinzo Abe", "Taro Kono"),
        ("ITA", "Sergio Mattarella", "Giuseppe Conte", "Enzo Moavero Milanesi"),
        ("CAN", "Justin Trudeau", "Chrystia Freeland"),
        ("AUS", "Scott Morrison", "Marise Payne"),
        ("IND", "Ram Nath Kovind", "Narendra Modi", "Subrahmanyam Jaishankar"),
        ("BRA", "Jair Bolsonaro", "Ernesto Araújo"),
        ("MEX", "Andrés Manuel López Obrador", "Marcelo Ebrard"),
        ("ARG", "Mauricio Macri", "Jorge Faurie"),
        ("ZAF", "Cyril Ramaphosa", "Naledi Pandor"),
        ("TUR", "Recep Tayyip Erdoğan", "Mevlüt Çavuşoğlu"),
        ("IRN", "Ali Khamenei", "Hassan Rouhani", "Mohammad Javad Zarif"),
        ("ISR", "Reuven Rivlin", "Benjamin Netanyahu"),
        ("EGY", "Abdel Fattah el-Sisi", "Mostafa Madbouly", "Sameh Shoukry"),
        ("SAU", "King Salman", "Mohammed bin Salman"),
        ("UKR", "Volodymyr Zelensky", "Volodymyr Groysman", "Pavlo Klimkin"),
        ("IRQ", "Barham Salih", "Adil Abdul-Mahdi"),
        ("SYR", "Bashar al-Assad", "Imad Khamis", "Walid Muallem"),
        ("LBN", "Michel Aoun", "Saad Hariri", "Gebran Bassil"),
        ("JOR", "King Abdullah II", "Omar Razzaz", "Ayman Safadi"),
        ("IDN", "Joko Widodo", "Retno Marsudi"),
        ("KOR", "Moon Jae-in", "Lee Nak-yon", "Kang Kyung-wha"),
        ("TUN", "Beji Caid Essebsi", "Youssef Chahed", "Khemaies Jhinaoui"),
        ("MLI", "Ibrahim Boubacar Keïta", "Boubou Cissé", "Tiébilé Dramé"),
        ("ETH", "Sahle-Work Zewde", "Abiy Ahmed"),
    ],
    "2021-06-15": [
        ("USA", "Joe Biden", "Antony Blinken"),
        ("GBR", "Queen Elizabeth II", "Boris Johnson", "Dominic Raab"),
        ("FRA", "Emmanuel Macron", "Jean Castex", "Jean-Yves Le Drian"),
        ("RUS", "Vladimir Putin", "Mikhail Mishustin", "Sergey Lavrov"),
        ("CHN", "Xi Jinping", "Li Keqiang", "Wang Yi"),
        ("DEU", "Frank-Walter Steinmeier", "Angela Merkel", "Heiko Maas"),
        ("JPN", "Yoshihide Suga", "Toshimitsu Motegi"),
        ("ITA", "Sergio Mattarella", "Mario Draghi", "Luigi Di Maio"),
        ("CAN", "Justin Trudeau", "Marc Garneau"),
        ("AUS", "Scott Morrison", "Marise Payne"),
        ("IND", "Ram Nath Kovind", "Narendra Modi", "Subrahmanyam Jaishankar"),
        ("BRA", "Jair Bolsonaro", "Carlos França"),
        ("MEX", "Andrés Manuel López Obrador", "Marcelo Ebrard"),
        ("ARG", "Alberto Fernández", "Felipe Solá"),
        ("ZAF", "Cyril Ramaphosa", "Naledi Pandor"),
        ("TUR", "Recep Tayyip Erdoğan", "Mevlüt Çavuşoğlu"),
        ("IRN", "Ali Khamenei", "Hassan Rouhani", "Mohammad Javad Zarif"),
        ("ISR", "Reuven Rivlin", "Naftali Bennett", "Yair Lapid"),
        ("EGY", "Abdel Fattah el-Sisi", "Mostafa Madbouly", "Sameh Shoukry"),
        ("SAU", "King Salman", "Mohammed bin Salman", "Faisal bin Farhan"),
        ("UKR", "Volodymyr Zelensky", "Denys Shmyhal", "Dmytro Kuleba"),
        ("IRQ", "Barham Salih", "Mustafa al-Kadhimi", "Fuad Hussein"),
        ("SYR", "Bashar al-Assad", "Hussein Arnous", "Faisal Mekdad"),
        ("LBN", "Michel Aoun", "Hassan Diab"),
        ("JOR", "King Abdullah II", "Bisher Al-Khasawneh", "Ayman Safadi"),
        ("IDN", "Joko Widodo", "Retno Marsudi"),
        ("KOR", "Moon Jae-in", "Chung Eui-yong"),
        ("TUN", "Kais Saied", "Hichem Mechichi", "Othman Jerandi"),
        ("MLI", "Assimi Goïta", "Choguel Kokalla Maïga", "Abdoulaye Diop"),
        ("ETH", "Sahle-Work Zewde", "Abiy Ahmed", "Demeke Mekonnen"),
    ],
    "2023-06-15": [
        ("USA", "Joe Biden", "Antony Blinken"),
        ("GBR", "King Charles III", "Rishi Sunak", "James Cleverly"),
        ("FRA", "Emmanuel Macron", "Élisabeth Borne", "Catherine Colonna"),
        ("RUS", "Vladimir Putin", "Mikhail Mishustin", "Sergey Lavrov"),
        ("CHN", "Xi Jinping", "Li Qiang", "Qin Gang"),
        ("DEU", "Frank-Walter Steinmeier", "Olaf Scholz", "Annalena Baerbock"),
        ("JPN", "Fumio Kishida", "Yoshimasa Hayashi"),
        ("ITA", "Sergio Mattarella", "Giorgia Meloni", "Antonio Tajani"),
        ("CAN", "Justin Trudeau", "Mélanie Joly"),
        ("AUS", "Anthony Albanese", "Penny Wong"),
        ("IND", "Droupadi Murmu", "Narendra Modi", "Subrahmanyam Jaishankar"),
        ("BRA", "Luiz Inácio Lula da Silva", "Mauro Vieira"),
        ("MEX", "Andrés Manuel López Obrador"),
        ("ARG", "Alberto Fernández", "Santiago Cafiero"),
        ("ZAF", "Cyril Ramaphosa", "Naledi Pandor"),
        ("TUR", "Recep Tayyip Erdoğan", "Hakan Fidan"),
        ("IRN", "Ali Khamenei", "Ebrahim Raisi", "Hossein Amir-Abdollahian"),
        ("ISR", "Isaac Herzog", "Benjamin Netanyahu", "Eli Cohen"),
        ("EGY", "Abdel Fattah el-Sisi", "Mostafa Madbouly", "Sameh Shoukry"),
        ("SAU", "King Salman", "Mohammed bin Salman", "Faisal bin Farhan"),
        ("UKR", "Volodymyr Zelensky", "Denys Shmyhal", "Dmytro Kuleba"),
        ("IRQ", "Abdul Latif Rashid", "Mohammed Shia al-Sudani", "Fuad Hussein"),
        ("SYR", "Bashar al-Assad", "Hussein Arnous", "Faisal Mekdad"),
        ("LBN", "Najib Mikati", "Abdallah Bou Habib"),
        ("JOR", "King Abdullah II", "Bisher Al-Khasawneh", "Ayman Safadi"),
        ("IDN", "Joko Widodo", "Retno Marsudi"),
        ("KOR", "Yoon Suk Yeol", "Han Duck-soo", "Park Jin"),
        ("TUN", "Kais Saied", "Najla Bouden", "Nabil Ammar"),
        ("MLI", "Assimi Goïta", "Choguel Kokalla Maïga", "Abdoulaye Diop"),
        ("ETH", "Sahle-Work Zewde", "Abiy Ahmed", "Demeke Mekonnen"),
    ],
    "2025-06-15": [
        ("USA", "Donald Trump", "Marco Rubio"),
        ("GBR", "King Charles III", "Keir Starmer", "David Lammy"),
        ("FRA", "Emmanuel Macron", "François Bayrou", "Jean-Noël Barrot"),
        ("RUS", "Vladimir Putin", "Mikhail Mishustin", "Sergey Lavrov"),
        ("CHN", "Xi Jinping", "Li Qiang", "Wang Yi"),
        ("DEU", "Frank-Walter Steinmeier", "Friedrich Merz", "Johann Wadephul"),
        ("JPN", "Shigeru Ishiba", "Takeshi Iwaya"),
        ("ITA", "Sergio Mattarella", "Giorgia Meloni", "Antonio Tajani"),
        ("CAN", "Mark Carney", "Anita Anand"),
        ("AUS", "Anthony Albanese", "Penny Wong"),
        ("IND", "Droupadi Murmu", "Narendra Modi", "Subrahmanyam Jaishankar"),
        ("BRA", "Luiz Inácio Lula da Silva", "Mauro Vieira"),
        ("MEX", "Claudia Sheinbaum"),
        ("ARG", "Javier Milei"),
        ("ZAF", "Cyril Ramaphosa", "Ronald Lamola"),
        ("TUR", "Recep Tayyip Erdoğan", "Hakan Fidan"),
        ("IRN", "Ali Khamenei", "Masoud Pezeshkian", "Abbas Araghchi"),
        ("ISR", "Isaac Herzog", "Benjamin Netanyahu", "Gideon Sa'ar"),
        ("EGY", "Abdel Fattah el-Sisi", "Mostafa Madbouly", "Badr Abdelatty"),
        ("SAU", "King Salman", "Mohammed bin Salman", "Faisal bin Farhan"),
        ("UKR", "Volodymyr Zelensky", "Denys Shmyhal", "Andrii Sybiha"),
        ("IRQ", "Abdul Latif Rashid", "Mohammed Shia al-Sudani", "Fuad Hussein"),
        ("SYR", "Ahmed al-Sharaa", "Asaad al-Shaibani"),
        ("LBN", "Joseph Aoun", "Nawaf Salam", "Youssef Rajji"),
        ("JOR", "King Abdullah II", "Jafar Hassan", "Ayman Safadi"),
        ("IDN", "Prabowo Subianto", "Sugiono"),
        ("KOR", "Lee Jae-myung"),
        ("TUN", "Kais Saied", "Sara Zaafrani Zenzri", "Mohamed Ali Nafti"),
        ("MLI", "Assimi Goïta", "Abdoulaye Maïga", "Abdoulaye Diop"),
        ("ETH", "Taye Atske Selassie", "Abiy Ahmed"),
    ],
}

# former leaders and ministers on a date after their office: elites of their country
OUT_OF_OFFICE = [
    ("2025-06-15", "Justin Trudeau", "CANELI"),
    ("2025-06-15", "Jair Bolsonaro", "BRAELI"),
    ("2025-06-15", "Mario Draghi", "ITAELI"),
    ("2025-06-15", "Fumio Kishida", "JPNELI"),
    ("2025-06-15", "Andrés Manuel López Obrador", "MEXELI"),
    ("2023-06-15", "Scott Morrison", "AUSELI"),
    ("2023-06-15", "Mauricio Macri", "ARGELI"),
    ("2019-06-15", "Jacob Zuma", "ZAFELI"),
]


def _said(names: list[str]) -> str:
    return "\n\n".join(f"{name} said on Tuesday that the talks would go on." for name in names)


@pytest.mark.parametrize("date", sorted(IN_OFFICE))
def test_office_holders_of_thirty_countries_on_a_date(pipeline, date):
    kb = load_kb()
    rows = [(country, name) for country, *names in IN_OFFICE[date] for name in names]
    extraction = pipeline.process(
        Article(id=date, source="table", text=_said([n for _, n in rows]), published=date)
    )
    found = {m.text: m for m in extraction.mentions}
    wrong = []
    for country, name in rows:
        mention = found.get(name)
        actor = kb.get(mention.actor_id) if mention and mention.actor_id else None
        person = actor is not None and phrase_key(name) in {
            phrase_key(a) for a in (actor.name, *actor.aliases)
        }
        if not person or mention.code != f"{country}GOV":
            wrong.append((name, mention.actor_id if mention else None, mention.code if mention else None))
    assert not wrong, wrong
    assert len(rows) >= 70  # thirty countries, two or three offices each


def test_thirty_countries_five_dates():
    assert len(IN_OFFICE) == 5
    for rows in IN_OFFICE.values():
        assert len({country for country, *_names in rows}) == 30


def test_leaders_out_of_office_keep_their_country(pipeline):
    for date, name, code in OUT_OF_OFFICE:
        extraction = pipeline.process(Article(id=name, source="table", text=_said([name]), published=date))
        assert [(m.text, m.code) for m in extraction.mentions if m.actor_id] == [(name, code)], name
