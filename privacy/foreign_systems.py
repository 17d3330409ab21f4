"""What APPI Art. 28 asks a person to be told before their data goes to a third party in a
foreign country: the country, its system for protecting personal information, and the
measures the recipient takes. The systems below are the programme office's summary of the
Personal Information Protection Commission's survey of foreign systems (個人情報保護委員会
「外国における個人情報の保護に関する制度等の調査」); a country not listed has not been
assessed, and no consent can be recorded for it until it is (foreign_system returns None).
"""

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from rit_portal.bilingual import in_reader_language


class ForeignSystem(NamedTuple):
    ja: str
    en: str

    def __str__(self) -> str:
        return in_reader_language(ja=self.ja, en=self.en)


# The EU's GDPR, also applied by the EEA (Iceland, Liechtenstein, Norway); the PPC
# designated the EU and the United Kingdom as having systems equivalent to Japan's
# (APPI Enforcement Rules Art. 15, Public Notice No. 1 of 2019).
GDPR = ForeignSystem(
    ja="EU一般データ保護規則（GDPR）が適用されます。EU（及び英国）は、個人情報保護委員会が"
       "我が国と同等の水準にあると認める個人情報保護制度を有する国として指定しています。",
    en="The EU's General Data Protection Regulation (GDPR) applies. Japan's Personal "
       "Information Protection Commission designates the EU (and the United Kingdom) as "
       "having a system equivalent to Japan's.")
EEA = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
       "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS",
       "LI", "NO"]

SYSTEMS: dict[str, ForeignSystem] = {
    **dict.fromkeys(EEA, GDPR),
    "GB": ForeignSystem(
        ja="英国一般データ保護規則（UK GDPR）及び2018年データ保護法が適用されます。英国は、"
           "個人情報保護委員会が我が国と同等の水準にあると認める国として指定されています。",
        en="The UK GDPR and the Data Protection Act 2018 apply. Japan's Personal Information "
           "Protection Commission designates the United Kingdom as having a system "
           "equivalent to Japan's."),
    "CH": ForeignSystem(
        ja="連邦データ保護法（FADP）が適用され、独立した監督機関（連邦データ保護・情報コミッ"
           "ショナー）が置かれています。",
        en="The Federal Act on Data Protection (FADP) applies, overseen by an independent "
           "authority (the Federal Data Protection and Information Commissioner)."),
    "KR": ForeignSystem(
        ja="個人情報保護法（PIPA）が適用され、独立した監督機関（個人情報保護委員会）が置かれて"
           "います。",
        en="The Personal Information Protection Act (PIPA) applies, overseen by an "
           "independent authority (the Personal Information Protection Commission)."),
    "TW": ForeignSystem(
        ja="個人資料保護法が適用されます。本人の同意又は法定の根拠に基づく収集・利用が求めら"
           "れます。",
        en="The Personal Data Protection Act applies: data may be collected and used with "
           "the person's consent or on a legal ground."),
    "VN": ForeignSystem(
        ja="個人データ保護に関する政令（2023年第13号）が適用され、処理には原則として本人の同"
           "意が必要です。",
        en="Decree No. 13/2023 on personal data protection applies: processing needs, as a "
           "rule, the person's consent."),
    "US": ForeignSystem(
        ja="連邦レベルの包括的な個人情報保護法はなく、分野別の連邦法及び州法（カリフォルニア"
           "州消費者プライバシー法等）が適用されます。",
        en="There is no comprehensive federal data protection law: sector laws and state "
           "laws (such as the California Consumer Privacy Act) apply."),
}


def foreign_system(iso2: str) -> ForeignSystem | None:
    """The country's system as the person is told it; None: not assessed yet."""
    return SYSTEMS.get((iso2 or "").upper())


# The measures each kind of recipient takes (told with the system).
RECIPIENT_MEASURES = ForeignSystem(
    ja="提供先（海外パートナー機関、渡航先の在外公館・旅行会社）は、派遣団の受入れ・査証審査・"
       "渡航手配の目的に限って利用し、目的を達した後は削除することを書面で約しています。",
    en="The recipients (the foreign partner, the destination's embassy or consulate and "
       "travel agents) use the data only to receive the delegation, examine the visa or "
       "arrange the travel, and delete it afterwards, as they undertook in writing.")

NOT_ASSESSED = _("The programme office has not yet assessed %(country)s's system for "
                 "protecting personal information: ask the programme office before the "
                 "traveller's data goes there.")
