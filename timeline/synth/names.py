"""The invented actors and themes synthetic datasets draw from."""

from __future__ import annotations

ACTORS = (
    "Ruritania",
    "Freedonia",
    "Sylvania",
    "Elbonia",
    "Borduria",
    "Syldavia",
    "Genovia",
    "Latveria",
    "Krakozhia",
    "Zubrowka",
    "Qumar",
    "Kamistan",
    "Carpania",
    "Vulgaria",
    "Moravnia",
    "Ostland",
    "Westmark",
    "Nordhavn",
    "Austral Republic",
    "Isla Verde",
    "Coastal Union",
    "Mountain Pact",
    "River Commission",
    "Grain Council",
    "Northern League",
    "Southern Alliance",
    "Monetary Fund",
    "Relief Agency",
    "Peace Mission",
    "Press Union",
)
THEMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "security": (
        ("border clash", "ceasefire", "troop build-up"),
        ("clashed along the border", "agreed a ceasefire", "moved troops to the frontier"),
    ),
    "diplomacy": (
        ("summit", "envoys recalled", "treaty signed"),
        ("held a summit", "recalled their envoys", "signed a treaty"),
    ),
    "trade": (
        ("tariff dispute", "trade accord", "export ban"),
        ("raised tariffs", "concluded a trade accord", "banned grain exports"),
    ),
    "energy": (
        ("pipeline deal", "gas cut-off", "power grid link"),
        ("agreed a pipeline route", "cut gas deliveries", "linked their power grids"),
    ),
    "migration": (
        ("border closure", "refugee accord", "visa regime"),
        ("closed a border crossing", "agreed to resettle refugees", "imposed a visa regime"),
    ),
    "elections": (
        ("disputed vote", "election observers", "snap election"),
        ("held a disputed vote", "invited election observers", "called a snap election"),
    ),
    "humanitarian": (
        ("aid convoy", "flood relief", "famine appeal"),
        ("sent an aid convoy", "pledged flood relief", "launched a famine appeal"),
    ),
}
THEME_NAMES = tuple(THEMES)
