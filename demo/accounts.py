"""Demo organisations and users, drawn from the programme's real partner pairs.

Idempotent: every record is looked up by its natural key first. Each stretch of the cycle
has its module in this package with a `run(stdout)` function; `manage.py load_demo_data`
calls them in DEMO_MODULES order.
"""

from accounts.enums import OrganisationType, Role
from accounts.models import ApplicantOrganisation, User
from accounts.services import user_create
from regions.models import JetroOffice, Prefecture

DEMO_PASSWORD = "rit-demo-2027"
DEMO_DOMAIN = "demo.rit-portal.jp"

# key, prefecture code, type, Japanese name, English name, representative, contact
ORGANISATIONS = [
    ("ibaraki", "08", OrganisationType.BUSINESS_ASSOCIATION, "いばらき自動車関連産業振興会",
     "Ibaraki Automotive Industry Association", "山田 太郎", "佐藤 花子"),
    ("kitakyushu", "40", OrganisationType.CHAMBER, "北九州商工会議所",
     "Kitakyushu Chamber of Commerce and Industry", "鈴木 一郎", "高橋 美咲"),
    ("fukushima", "07", OrganisationType.INDUSTRIAL_CLUSTER, "ふくしま医療機器産業推進機構",
     "Fukushima Medical Device Industry Cluster", "田中 健", "伊藤 由美"),
    ("yamagata", "06", OrganisationType.INDUSTRIAL_CLUSTER, "山形有機エレクトロニクス研究会",
     "Yamagata Organic Electronics Forum", "渡辺 誠", "小林 愛"),
    ("saga", "41", OrganisationType.BUSINESS_ASSOCIATION, "ジャパン・コスメティックセンター",
     "Japan Cosmetic Center (Saga)", "中村 修", "加藤 恵"),
    ("toyama", "16", OrganisationType.REGIONAL_GOVERNMENT, "富山県商工労働部",
     "Toyama Prefecture Commerce, Industry and Labour Department", "吉田 浩", "山本 彩"),
    ("nagasaki", "42", OrganisationType.BUSINESS_ASSOCIATION,
     "長崎海洋産業クラスター形成推進協議会",
     "Nagasaki Marine Industry Cluster Council", "松本 剛", "井上 舞"),
    ("oita", "44", OrganisationType.INDUSTRIAL_CLUSTER, "大分県ものづくり産業クラスター",
     "Oita Manufacturing Cluster", "木村 大輔", "林 真理"),
    ("shonan", "14", OrganisationType.BUSINESS_ASSOCIATION, "湘南ソフトウェア・ヘルスケア協議会",
     "Shonan Software and Healthcare Council", "清水 翔", "森 さくら"),
    ("yamaguchi", "35", OrganisationType.CHAMBER, "山口県ガラスコーティング技術研究会",
     "Yamaguchi Glass Coating Technology Society", "池田 亮", "橋本 結衣"),
]

# The representatives' names in Latin script (given name first, as the English page of the
# award letter prints them) and their title in both languages.
REPRESENTATIVES_EN = {
    "山田 太郎": "Taro Yamada", "鈴木 一郎": "Ichiro Suzuki", "田中 健": "Ken Tanaka",
    "渡辺 誠": "Makoto Watanabe", "中村 修": "Osamu Nakamura", "吉田 浩": "Hiroshi Yoshida",
    "松本 剛": "Tsuyoshi Matsumoto", "木村 大輔": "Daisuke Kimura", "清水 翔": "Sho Shimizu",
    "池田 亮": "Ryo Ikeda",
}
REPRESENTATIVE_TITLE = ("会長", "Chairman")
# The contacts' names in Latin script (the English page of invitation letters prints them).
CONTACTS_EN = {
    "佐藤 花子": "Hanako Sato", "高橋 美咲": "Misaki Takahashi", "伊藤 由美": "Yumi Ito",
    "小林 愛": "Ai Kobayashi", "加藤 恵": "Megumi Kato", "山本 彩": "Aya Yamamoto",
    "井上 舞": "Mai Inoue", "林 真理": "Mari Hayashi", "森 さくら": "Sakura Mori",
    "橋本 結衣": "Yui Hashimoto",
}

# Which shared call link brought some of them (see accounts/referrals.py), so that the
# referral report shows channels.
REFERRALS = {"ibaraki": "jetro-office", "kitakyushu": "chamber", "saga": "embassy-fr",
             "shonan": "embassy-fi", "nagasaki": "association"}

# email local part, role, office code, first name, last name
STAFF = [
    ("hq", Role.HQ_STAFF, None, "Keiko", "Ono"),
    ("admin", Role.SITE_ADMIN, None, "Site", "Administrator"),
    ("reviewer.hq1", Role.HQ_REVIEWER, "HQ", "Hiroshi", "Kondo"),
    ("reviewer.hq2", Role.HQ_REVIEWER, "HQ", "Naomi", "Ishii"),
    ("reviewer.dus", Role.OVERSEAS_REVIEWER, "DUS", "Anna", "Becker"),
    ("reviewer.dus2", Role.OVERSEAS_REVIEWER, "DUS", "Kenji", "Maeda"),
    ("reviewer.par", Role.OVERSEAS_REVIEWER, "PAR", "Claire", "Martin"),
    ("reviewer.han", Role.OVERSEAS_REVIEWER, "HAN", "Linh", "Nguyen"),
    ("reviewer.hel", Role.OVERSEAS_REVIEWER, "HEL", "Aino", "Virtanen"),
    ("reviewer.lon", Role.OVERSEAS_REVIEWER, "LON", "Oliver", "Grant"),
    ("reviewer.sel", Role.OVERSEAS_REVIEWER, "SEL", "Ji-woo", "Park"),
    ("reviewer.tpe", Role.OVERSEAS_REVIEWER, "TPE", "Mei-ling", "Chen"),
]


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def run(stdout=None) -> list[tuple[str, str]]:
    """Create the demo organisations and users; return (email, role label) of each login."""
    logins = []
    for key, pref, org_type, name_ja, name_en, rep, contact in ORGANISATIONS:
        org, _ = ApplicantOrganisation.objects.get_or_create(
            name_ja=name_ja,
            defaults={
                "name_en": name_en, "org_type": org_type,
                "prefecture": Prefecture.objects.get(code=pref),
                "address": f"{Prefecture.objects.get(code=pref).name_ja}（デモ住所）",
                "address_en": f"Demo address, {Prefecture.objects.get(code=pref).name_en}",
                "representative_name_ja": rep, "representative_name_en": REPRESENTATIVES_EN[rep],
                "representative_title_ja": REPRESENTATIVE_TITLE[0],
                "representative_title_en": REPRESENTATIVE_TITLE[1],
                "contact_name": contact, "contact_name_en": CONTACTS_EN[contact],
                "contact_email": demo_email(f"applicant.{key}"),
                "referral_source": REFERRALS.get(key, ""),
            },
        )
        email = demo_email(f"applicant.{key}")
        if not User.objects.filter(email=email).exists():
            user_create(email=email, password=DEMO_PASSWORD, role=Role.APPLICANT,
                        organisation=org, last_name=contact.split()[0],
                        first_name=contact.split()[-1])
        logins.append((email, str(Role.APPLICANT.label)))
    for local, role, office_code, first, last in STAFF:
        email = demo_email(local)
        if not User.objects.filter(email=email).exists():
            office = JetroOffice.objects.get(code=office_code) if office_code else None
            user_create(email=email, password=DEMO_PASSWORD, role=role, office=office,
                        first_name=first, last_name=last, language="en" if
                        role == Role.OVERSEAS_REVIEWER else "ja")
        logins.append((email, str(Role(role).label)))
    return logins
