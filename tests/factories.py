"""Articles written for the tests (never text from ../shared)."""

from __future__ import annotations

RECORDS = [
    {
        "id": "w-1",
        "title": "Kenya and Tanzania agree on new border trade rules",
        "body": "NAIROBI, March 3 - Kenya and Tanzania signed an agreement on Tuesday to simplify customs checks "
        "at their shared border, officials in Nairobi said. Traders said the rules would cut waiting times "
        "for lorries carrying tea and maize. The trade ministers of both countries will meet again in Dodoma.",
        "published": "2021-03-03T09:00:00Z",
        "source": "Wire One",
        "section": "Business",
    },
    {
        "id": "w-2",
        "title": "Brazil wins the football final in Sao Paulo",
        "body": "SÃO PAULO, July 9 - Brazil beat Argentina 2-1 in the football final at a packed stadium in São Paulo "
        "on Sunday. The Brazilian striker scored twice in the second half and the coach praised the "
        "team's defence. Argentine fans left the stadium quietly after the match.",
        "published": "2022-07-09T20:00:00Z",
        "source": "Wire One",
        "section": "Sport",
    },
    {
        "id": "w-3",
        "title": "Kenya opens a solar power plant near Lake Turkana",
        "body": "Kenya switched on a large solar power plant on Friday, the energy ministry said. The Kenyan "
        "government expects the plant to supply electricity to half a million homes. Engineers from Germany "
        "helped build the panels and the grid connection.",
        "published": "2023-05-12",
        "source": "Daily Planet",
        "section": "Science",
    },
    {
        "id": "w-4",
        "title": "Parliament debates the budget",
        "body": "Members of parliament debated the national budget late into the night. The finance minister "
        "defended higher spending on schools and hospitals, while the opposition called for lower taxes. "
        "A vote is expected next week.",
        "source": "Daily Planet",
        "section": "Politics",
    },
]
