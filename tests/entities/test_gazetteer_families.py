"""Whole families of the gazetteer: Kazakhstan's ministries, agencies and akimats, the neighbours'
ministries and parliaments, the regions of Kazakhstan and Central Asia, and the sector's state
companies. Every member has a name in ru, kk, tr and en, a text in any of the four languages resolves
to its one canonical record, and English variant spellings are English aliases (the eval counts them)."""

from __future__ import annotations

import pytest

from caspian.entities.gazetteer import default_gazetteer
from caspian.entities.text import fold
from tests.conftest import process_text

GAZ = default_gazetteer()

KAZAKH_REGIONS = [
    "abai",
    "akmola",
    "aktobe",
    "almaty",
    "atyrau",
    "east-kazakhstan",
    "jambyl",
    "karaganda",
    "kostanay",
    "kyzylorda",
    "mangystau",
    "north-kazakhstan",
    "pavlodar",
    "turkistan",
    "ulytau",
    "west-kazakhstan",
    "zhetysu",
]
CENTRAL_ASIAN_REGIONS = [
    # Uzbekistan
    "karakalpakstan",
    "andijan-region",
    "bukhara-region",
    "fergana-region",
    "jizzakh-region",
    "kashkadarya-region",
    "khorezm-region",
    "namangan-region",
    "navoiy-region",
    "samarkand-region",
    "surkhandarya-region",
    "syrdarya-region",
    "tashkent-region",
    # Kyrgyzstan
    "chuy-region",
    "issyk-kul-region",
    "naryn-region",
    "jalal-abad-region",
    "osh-region",
    "batken-region",
    "talas-region",
    # Tajikistan
    "sughd-region",
    "khatlon-region",
    "gbao",
    "districts-of-republican-subordination",
    # Turkmenistan
    "ahal-region",
    "balkan-region",
    "dashoguz-region",
    "lebap-region",
    "mary-region",
]
BODIES = [
    "ministry-of-energy-kazakhstan",
    "ministry-of-industry-and-infrastructure-kazakhstan",
    "ministry-of-industry-kazakhstan",
    "ministry-of-ecology-kazakhstan",
    "ministry-of-national-economy-kazakhstan",
    "ministry-of-finance-kazakhstan",
    "ministry-of-foreign-affairs-kazakhstan",
    "ministry-of-trade-kazakhstan",
    "ministry-of-agriculture-kazakhstan",
    "ministry-of-water-kazakhstan",
    "ministry-of-emergency-situations-kazakhstan",
    "ministry-of-digital-development-kazakhstan",
    "ministry-of-transport-kazakhstan",
    "ministry-of-justice-kazakhstan",
    "aspr-kazakhstan",
    "bureau-national-statistics",
    "competition-agency-kazakhstan",
    "agency-for-atomic-energy",
    "kaenk",
    "natural-monopolies-committee-kazakhstan",
    "parliament-kazakhstan",
    "senate-kazakhstan",
    "mazhilis",
    "presidential-administration-kazakhstan",
    "presidential-press-office-kazakhstan",
    "prime-minister-press-office-kazakhstan",
    "ministry-of-economy-finance-uzbekistan",
    "ministry-of-foreign-affairs-uzbekistan",
    "oliy-majlis",
    "ministry-of-economy-kyrgyzstan",
    "ministry-of-foreign-affairs-kyrgyzstan",
    "jogorku-kenesh",
    "ministry-of-economy-tajikistan",
    "ministry-of-foreign-affairs-tajikistan",
    "majlisi-oli",
    "ministry-of-energy-turkmenistan",
    "ministry-of-foreign-affairs-turkmenistan",
    "mejlis-turkmenistan",
    "halk-maslahaty",
    "ministry-of-economy-azerbaijan",
    "ministry-of-foreign-affairs-azerbaijan",
    "milli-majlis",
    "ministry-of-foreign-affairs-russia",
    "state-duma",
    "epdk",
    "tbmm",
]
COMPANIES = [
    "samruk-kazyna",
    "samruk-energy",
    "kegoc",
    "kaztransoil",
    "qazaqgaz",
    "asian-gas-pipeline",
    "beineu-shymkent-gas-pipeline-llp",
    "embamunaigas",
    "ozenmunaigas",
    "mangistaumunaigas",
    "kokshetau-zhylu",
    "almaty-power-stations",
    "astana-energy",
    "pavlodarenergo",
    "uztransgaz",
    "thermal-power-plants-uzbekistan",
    "turkmennebit",
    "botas",
    "tpao",
    "kase",
]
FAMILY = (
    [f"{r}-region" for r in KAZAKH_REGIONS]
    + [f"{r}-region-akimat" for r in KAZAKH_REGIONS]
    + CENTRAL_ASIAN_REGIONS
    + BODIES
    + COMPANIES
)


@pytest.mark.parametrize("slug", FAMILY)
def test_every_member_is_named_in_the_four_languages(slug):
    entry = GAZ.entries[f"caspian:{slug}"]
    for lang in ("ru", "kk", "tr", "en"):
        assert entry.aliases.get(lang), (slug, lang)


def test_no_written_form_names_two_members_or_a_member_and_another_entry():
    owners: dict[str, set[str]] = {}
    for entry in GAZ.entries.values():
        for _, form in entry.forms():
            owners.setdefault(fold(form), set()).add(entry.id)
    family = {f"caspian:{slug}" for slug in FAMILY}
    clashes = {form: ids for form, ids in owners.items() if len(ids) > 1 and ids & family}
    assert not clashes


@pytest.mark.parametrize(
    ("lang", "text", "canonical"),
    [
        # a renamed body keeps its own record, and a current one its current name
        (
            "ru",
            "Об этом сообщили в Министерстве индустрии и инфраструктурного развития.",
            "Ministry of Industry and Infrastructure Development of Kazakhstan",
        ),
        ("ru", "Проект согласовали в МИИР.", "Ministry of Industry and Infrastructure Development of Kazakhstan"),
        ("kk", "Өнеркәсіп және құрылыс министрлігі мәлімдеді.", "Ministry of Industry and Construction of Kazakhstan"),
        ("ru", "По данным АСПиР, выработка выросла.", "Agency for Strategic Planning and Reforms of Kazakhstan"),
        (
            "kk",
            "Бұл туралы Стратегиялық жоспарлау және реформалар агенттігі хабарлады.",
            "Agency for Strategic Planning and Reforms of Kazakhstan",
        ),
        (
            "en",
            "The Agency for Protection and Development of Competition fined the supplier.",
            "Agency for Protection and Development of Competition of Kazakhstan",
        ),
        ("ru", "Тарифы утвердил КРЕМ.", "Committee for Regulation of Natural Monopolies of Kazakhstan"),
        ("kk", "Қаржы министрлігі бюджетті бекітті.", "Ministry of Finance of Kazakhstan"),
        (
            "tr",
            "Kazakistan Su Kaynakları ve Sulama Bakanlığı açıklama yaptı.",
            "Ministry of Water Resources and Irrigation of Kazakhstan",
        ),
        (
            "en",
            "Electricity use fell, the Prime Minister's press office reported.",
            "Press Office of the Prime Minister of Kazakhstan",
        ),
        (
            "ru",
            "Об этом сообщили в пресс-службе Премьер-министра РК.",
            "Press Office of the Prime Minister of Kazakhstan",
        ),
        ("ru", "Депутаты Жогорку Кенеша одобрили соглашение.", "Jogorku Kenesh"),
        ("kk", "Өзбекстан Олий Мәжілісі заңды қабылдады.", "Oliy Majlis"),
        ("tr", "Anlaşma Milli Meclis tarafından onaylandı.", "Milli Majlis"),
        ("en", "The Mejlis of Turkmenistan adopted the law.", "Mejlis of Turkmenistan"),
        ("ru", "Соглашение ратифицировал Маджлиси Оли.", "Majlisi Oli"),
        ("tr", "Enerji Piyasası Düzenleme Kurumu yeni tarifeyi açıkladı.", "Energy Market Regulatory Authority"),
        ("tr", "Teklif Türkiye Büyük Millet Meclisi'nde kabul edildi.", "Grand National Assembly of Turkey"),
        ("tr", "Mangistau Valiliği açıklama yaptı.", "Mangystau Region Akimat"),
        ("ru", "В акимате Павлодарской области прошло совещание.", "Pavlodar Region Akimat"),
        ("kk", "Азиялық газ құбыры ЖШС мәлімдеді.", "Asian Gas Pipeline"),
        ("kk", "Көкшетау жылу компаниясы жөндеуді аяқтады.", "Kokshetau Zhylu"),
        ("ru", "Добычу ведет Эмбамунайгаз.", "Embamunaigas"),
        ("en", "Uztransgaz cut exports.", "Uztransgaz"),
        ("ru", "Контракт подписал Туркменнебит.", "Türkmennebit"),
        # regions: the forms texts use, and English variant spellings
        ("ru", "В Атырауской области открыли подстанцию.", "Atyrau Region"),
        ("kk", "Жаңа станция Түркістан облысында салынады.", "Turkistan Region"),
        ("tr", "Santral Atırau bölgesinde kurulacak.", "Atyrau Region"),
        ("en", "The plant in Mangistau will be built by 2027.", "Mangystau Region"),
        ("en", "A wind farm in the Kashkadarya region was opened.", "Kashkadarya Region"),
        ("en", "Turkish firm builds a wind farm in Surxondaryo.", "Surkhandarya Region"),
        ("tr", "Türk şirketi Surhanderya vilayetinde santral kuracak.", "Surkhandarya Region"),
        ("ru", "Электростанцию построят в Сурхандарьинской области.", "Surkhandarya Region"),
        ("ru", "В Иссык-Кульской области построят ГЭС.", "Issyk-Kul Region"),
        ("kk", "Соғды облысында жаңа ГЭС салынады.", "Sughd Region"),
        ("en", "Solar plants in Khatlon and the Gorno-Badakhshan Autonomous Region.", "Khatlon Region"),
        ("ru", "В Лебапском велаяте открыли газохимический комплекс.", "Lebap Region"),
        ("en", "Work in the Republic of Karakalpakstan continued.", "Karakalpakstan"),
    ],
)
def test_a_text_resolves_to_the_family_member(entities, lang, text, canonical):
    assert canonical in {e["canonical"] for e in entities(text, lang)}


@pytest.mark.parametrize(
    ("slug", "english"),
    [
        ("turkistan-region", "Turkestan Region"),
        ("turkistan-region", "South Kazakhstan Region"),
        ("mangystau-region", "Mangistau"),
        ("kyzylorda-region", "Kyzylorda Region"),
        ("jambyl-region", "Zhambyl Region"),
        ("zhetysu-region", "Zhetysu Region"),
        ("surkhandarya-region", "Surxondaryo Region"),
        ("kashkadarya-region", "Qashqadaryo Region"),
        ("syrdarya-region", "Sirdaryo Region"),
        ("navoiy-region", "Navoi Region"),
        (
            "ministry-of-digital-development-kazakhstan",
            "Ministry of Digital Development, Innovations and Aerospace Industry",
        ),
        ("ministry-of-ecology-kazakhstan", "Ministry of Ecology, Geology and Natural Resources"),
        ("tpao", "TPAO"),
    ],
)
def test_english_variants_and_former_names_are_english_names(slug, english):
    entry = GAZ.entries[f"caspian:{slug}"]
    assert english in {entry.canonical, *entry.aliases["en"], *entry.former_names}


TITLE = {"ru": "Новости энергетики за неделю", "kk": "Апталық энергетика жаңалықтары"}


@pytest.mark.parametrize(
    ("lang", "text", "regions"),
    [
        # a list of regions before one plural head noun (stages/entities.py `_regions`)
        (
            "kk",
            "Атырау, Павлодар және Солтүстік Қазақстан облыстарында жаңа станциялар салынады.",
            {"Atyrau Region", "Pavlodar Region", "North Kazakhstan Region"},
        ),
        (
            "ru",
            "Станции построят в Карагандинской, Туркестанской и Павлодарской областях.",
            {"Karaganda Region", "Turkistan Region", "Pavlodar Region"},
        ),
        ("ru", "Газ добывают в Бухарской и Навоийской областях.", {"Bukhara Region", "Navoiy Region"}),
    ],
)
def test_a_list_of_regions_gives_every_region(pipeline, lang, text, regions):
    found = {(e["type"], e["canonical"]) for e in process_text(pipeline, f"{TITLE[lang]}\n{text}").entities}
    assert {("LOCATION", r) for r in regions} <= found


def test_a_nested_agency_is_its_own_entity(entities):
    found = {e["canonical"] for e in entities("Такие данные приводит Бюро национальной статистики АСПиР РК.", "ru")}
    assert {
        "Bureau of National Statistics of Kazakhstan",
        "Agency for Strategic Planning and Reforms of Kazakhstan",
    } <= found
