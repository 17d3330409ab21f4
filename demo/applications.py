"""Demo applications for `manage.py load_demo_data`, called from demo.calls.run
after the calls exist.

Real partner pairs of the programme (DOMAIN.md): eight submitted applications and two
drafts (one incomplete) in the open FY2027 call, three submitted applications in the closed
FY2026 call and four in the FY2025 call (created with the clock inside its window; later
demo steps decide them).
Every application goes through the services and `application_submit`, so the demo data
passes the same rules as real data. Idempotent: an application is found by call,
organisation and title first.
"""

# ruff: noqa: E501 - the demo tables hold long Japanese sentences, one record per line
import datetime as dt
from contextlib import contextmanager
from unittest import mock

from django.db import transaction

from accounts.models import ApplicantOrganisation, User
from accounts.validators import corporate_number_check_digit
from applications.enums import ConfirmationStatus, ContactForm, Industry, Objective
from applications.models import (
    Application,
    Call,
    ConsortiumMember,
    PartnerConfirmation,
    PriorContact,
)
from applications.services import (
    application_cooperation_update,
    application_create,
    application_english_summaries_update,
    application_overview_update,
    application_prospects_update,
    application_submit,
)
from regions.models import PartnerRegion, Prefecture, Sector

I = Industry  # noqa: E741 - short alias for the firm tables below
M = 1_000_000

# Firms: (name, industry, capital in yen, regular employees, interest).
FIRMS = {
    "ibaraki": [
        ("株式会社日立精工部品", I.MANUFACTURING, 96 * M, 240, "EV用精密プレス部品の共同開発"),
        ("ひたちなかダイカスト株式会社", I.MANUFACTURING, 45 * M, 130, "軽量アルミダイカストの欧州展開"),
        ("株式会社筑波モビリティラボ", I.SERVICE, 20 * M, 35, "車載ソフトウェア評価の受託"),
        ("水戸樹脂工業株式会社", I.MANUFACTURING, 30 * M, 88, "内装用バイオ樹脂の技術提携"),
        ("常陸オートパーツ商事株式会社", I.WHOLESALE, 60 * M, 42, "独部品メーカーとの輸出入"),
        ("株式会社鹿島表面処理", I.MANUFACTURING, 10 * M, 27, "防錆コーティングの共同実証"),
    ],
    "kitakyushu": [
        ("株式会社若松産業機械", I.MANUFACTURING, 80 * M, 210, "搬送装置の欧州規格対応"),
        ("戸畑精密鋳造株式会社", I.MANUFACTURING, 48 * M, 150, "大型鋳物の共同受注"),
        ("小倉制御システム株式会社", I.SERVICE, 30 * M, 64, "工場IoTの共同開発"),
        ("八幡ロボティクス株式会社", I.MANUFACTURING, 350 * M, 420, "溶接ロボットの現地パートナー探索"),
        ("門司機工商事株式会社", I.WHOLESALE, 25 * M, 38, "産業機械部品の輸出"),
    ],
    "fukushima": [
        ("株式会社郡山メディカルデバイス", I.MANUFACTURING, 90 * M, 180, "カテーテル部材の共同開発"),
        ("会津精密医療器株式会社", I.MANUFACTURING, 40 * M, 95, "手術器具のCEマーキング取得"),
        ("福島ヘルステック株式会社", I.SERVICE, 15 * M, 22, "臨床評価の受託連携"),
        ("いわき樹脂成形株式会社", I.MANUFACTURING, 35 * M, 120, "医療用樹脂部品の供給"),
        ("白河医療機器販売株式会社", I.WHOLESALE, 50 * M, 60, "独医療機器の輸入販売"),
        ("株式会社須賀川光学", I.MANUFACTURING, 20 * M, 48, "内視鏡用レンズの技術交流"),
    ],
    "yamagata": [
        ("株式会社米沢有機EL", I.MANUFACTURING, 120 * M, 160, "有機EL照明の共同開発"),
        ("山形フレキシブルデバイス株式会社", I.MANUFACTURING, 55 * M, 75, "フレキシブル基板の量産技術"),
        ("鶴岡材料化学株式会社", I.MANUFACTURING, 30 * M, 58, "有機半導体材料の評価"),
        ("株式会社酒田プリンテッド", I.MANUFACTURING, 12 * M, 25, "印刷エレクトロニクスの試作"),
        ("天童エレクトロ商事株式会社", I.WHOLESALE, 20 * M, 18, "ザクセン企業との販路開拓"),
    ],
    "saga": [
        ("株式会社唐津コスメティック", I.MANUFACTURING, 50 * M, 85, "天然由来原料の共同研究"),
        ("有田ボタニカル株式会社", I.MANUFACTURING, 10 * M, 30, "柑橘エキスの仏市場向け開発"),
        ("佐賀美容科学株式会社", I.SERVICE, 30 * M, 40, "処方開発の受託"),
        ("伊万里化粧品容器株式会社", I.MANUFACTURING, 60 * M, 110, "容器デザインの共同開発"),
        ("嬉野オーガニック販売株式会社", I.RETAIL, 8 * M, 12, "欧州での直販"),
        ("武雄ハーブ農園株式会社", I.OTHER, 5 * M, 9, "原料作物の輸出"),
    ],
    "toyama": [
        ("富山製薬工業株式会社", I.MANUFACTURING, 280 * M, 520, "仏製薬企業との受託製造"),
        ("株式会社高岡ファーマテック", I.MANUFACTURING, 90 * M, 260, "製剤技術の共同開発"),
        ("立山バイオ研究所株式会社", I.SERVICE, 40 * M, 45, "創薬支援の共同研究"),
        ("射水医薬品包装株式会社", I.MANUFACTURING, 25 * M, 70, "医薬品包装の欧州規格対応"),
        ("黒部和漢薬商事株式会社", I.WHOLESALE, 30 * M, 28, "和漢薬原料の輸出"),
    ],
    "nagasaki": [
        ("株式会社佐世保マリンエンジニアリング", I.MANUFACTURING, 100 * M, 190, "潮流発電機の保守技術"),
        ("五島洋上風力サービス株式会社", I.SERVICE, 20 * M, 35, "洋上作業の人材育成"),
        ("長崎造船部品株式会社", I.MANUFACTURING, 70 * M, 310, "浮体構造物の部材供給"),
        ("大村海洋計測株式会社", I.SERVICE, 15 * M, 26, "海洋環境モニタリング"),
        ("諫早電設株式会社", I.OTHER, 30 * M, 80, "海底ケーブル敷設の技術交流"),
        ("株式会社平戸マリンロジ", I.SERVICE, 10 * M, 40, "洋上輸送の共同事業"),
    ],
    "oita": [
        ("大分精機工業株式会社", I.MANUFACTURING, 75 * M, 200, "半導体製造装置部品の供給"),
        ("株式会社別府金型", I.MANUFACTURING, 20 * M, 55, "精密金型の共同開発"),
        ("中津オートメーション株式会社", I.MANUFACTURING, 40 * M, 98, "FA設備の韓国展開"),
        ("日田木工機械株式会社", I.MANUFACTURING, 15 * M, 33, "木工機械の輸出"),
        ("佐伯産業資材商事株式会社", I.WHOLESALE, 35 * M, 47, "韓国企業との資材取引"),
    ],
    "shonan": [
        ("株式会社藤沢ヘルスソフト", I.SERVICE, 25 * M, 60, "遠隔医療ソフトの共同開発"),
        ("茅ヶ崎データサイエンス株式会社", I.SERVICE, 10 * M, 18, "医療データ解析"),
        ("平塚メディカル機器株式会社", I.MANUFACTURING, 60 * M, 140, "ウェアラブル機器の共同実証"),
        ("株式会社鎌倉ゲームラボ", I.SERVICE, 9 * M, 14, "リハビリ用ゲームの開発"),
        ("湘南介護システム株式会社", I.SERVICE, 45 * M, 120, "介護記録システムの北欧展開"),
    ],
    "yamaguchi": [
        ("株式会社周南ガラス加工", I.MANUFACTURING, 60 * M, 130, "反射防止コーティングの共同開発"),
        ("宇部コーティング技研株式会社", I.MANUFACTURING, 25 * M, 45, "ナノコーティング材料"),
        ("下関光学商事株式会社", I.WHOLESALE, 15 * M, 20, "台湾向け輸出"),
    ],
}

# Applications: (organisation key, fiscal year, outcome, title, English title, sector code,
# prefecture codes, partner region (English name), objectives, duration, summary,
# (C2 industry development, new products, business tie-ups), partner contact
# (name, e-mail, organisation), prior contacts [(date, form, people, what)]).
SUBMITTED, DRAFT, INCOMPLETE = "submitted", "draft", "incomplete"
O = Objective  # noqa: E741

APPLICATIONS = [
    ("ibaraki", 2027, SUBMITTED, "EV向け軽量部品の日独共同開発", "Joint German–Japanese development of lightweight EV parts",
     "automotive", ["08"], "Baden-Württemberg", [O.JOINT_DEVELOPMENT, O.EXPORT], 2,
     "バーデン＝ヴュルテンベルク州の自動車部品クラスターと、EV向け軽量部品の共同開発と商談会を行う。",
     ("県内部品メーカーの軽量化技術を高度化し、EVサプライチェーンへの参入を進める。",
      "アルミ・樹脂複合の軽量ブラケット、防錆コーティング部品。",
      "独Tier1企業2社との共同開発契約、県内企業3社の欧州向け取引開始。"),
     ("Dr. Katharina Vogel", "k.vogel@bw-i.example.de", "Baden-Württemberg International"),
     [(dt.date(2025, 10, 8), ContactForm.VISIT_ABROAD, "振興会 山田会長、Dr. Vogel",
       "シュトゥットガルトのクラスター事務局を訪問し、協力分野を協議。"),
      (dt.date(2026, 6, 17), ContactForm.ONLINE, "県内企業5社、BW州企業4社", "オンライン商談会を試行。")]),
    ("kitakyushu", 2027, SUBMITTED, "産業機械のスマート化に向けた日独技術交流", "German–Japanese exchange on smart industrial machinery",
     "industrial-machinery", ["40"], "Baden-Württemberg", [O.TECHNICAL_COOPERATION, O.MARKET_DEVELOPMENT], 3,
     "北九州の産業機械メーカーとBW州の機械工業クラスターが、工場IoTと搬送装置の欧州規格対応で協力する。",
     ("地域の機械メーカーが欧州の安全規格とIoT技術を取り込み、輸出競争力を高める。",
      "欧州規格対応の搬送ユニット、後付けIoTセンサーキット。",
      "BW州の装置メーカーとの相互OEM、共同受注の枠組み。"),
     ("Mr. Jonas Keller", "j.keller@maschinenbau-bw.example.de", "Cluster Maschinenbau BW"),
     [(dt.date(2025, 4, 22), ContactForm.EVENT, "若松産業機械 技術部長ほか", "ハノーバーメッセで面談。")]),
    ("fukushima", 2027, SUBMITTED, "医療機器部材の日独共同開発と販路開拓", "Medical device components: joint development and market entry",
     "medical-machinery", ["07"], "Nordrhein-Westfalen", [O.JOINT_DEVELOPMENT, O.MARKET_DEVELOPMENT], 2,
     "NRW州の医療技術クラスターと、カテーテル部材・手術器具の共同開発およびCEマーキング取得支援を行う。",
     ("ふくしまの医療機器部材産業が欧州市場向けの開発力と認証ノウハウを獲得する。",
      "高機能カテーテル部材、再使用型手術器具。",
      "NRW州企業との共同開発2件、欧州代理店契約3件。"),
     ("Dr. Martin Schulz", "m.schulz@medizin-nrw.example.de", "MedizinTechnik.NRW"),
     [(dt.date(2025, 11, 18), ContactForm.EVENT, "推進機構 田中理事長、Dr. Schulz", "MEDICA（デュッセルドルフ）で協議。")]),
    ("yamagata", 2027, SUBMITTED, "有機エレクトロニクスの日独共同研究と試作", "Organic electronics: joint research and prototyping with Saxony",
     "organic-electronics", ["06"], "Saxony", [O.TECHNICAL_COOPERATION, O.JOINT_DEVELOPMENT], 3,
     "ザクセン州の有機エレクトロニクス研究機関・企業と、有機EL照明と印刷エレクトロニクスの共同試作を行う。",
     ("山形の有機エレクトロニクス関連企業の量産技術と材料評価力を高める。",
      "有機EL照明パネル、フレキシブルセンサー。",
      "ドレスデンの企業との材料供給契約、共同研究プロジェクト。"),
     ("Prof. Dr. Anke Richter", "a.richter@organic-saxony.example.de", "Organic Electronics Saxony"),
     [(dt.date(2025, 9, 3), ContactForm.VISIT_JAPAN, "ザクセン州代表団、研究会会員企業", "米沢の研究拠点を視察。")]),
    ("saga", 2027, SUBMITTED, "佐賀とコスメティックバレーの化粧品原料共同開発", "Cosmetic ingredients with Cosmetic Valley",
     "cosmetics", ["41"], "Cosmetic Valley", [O.JOINT_DEVELOPMENT, O.EXPORT], 2,
     "コスメティックバレーの企業と、佐賀県産の天然由来原料を用いた化粧品の共同開発と仏市場での販路開拓を行う。",
     ("佐賀の化粧品・原料産業が欧州の処方技術と規制対応力を獲得する。",
      "柑橘・茶由来のスキンケア原料、仏市場向け製品。",
      "仏化粧品メーカーとの原料供給契約、共同ブランド。"),
     ("Mme Sophie Laurent", "s.laurent@cosmetic-valley.example.fr", "Cosmetic Valley"),
     [(dt.date(2025, 10, 14), ContactForm.EVENT, "センター 中村理事長、Laurent氏", "Cosmetic 360（パリ）で面談。")]),
    ("toyama", 2027, SUBMITTED, "富山とイル＝ド＝フランスの医薬品産業連携", "Pharmaceutical tie-up between Toyama and Île-de-France",
     "pharmaceuticals", ["16"], "Île-de-France", [O.TECHNICAL_COOPERATION, O.EXPORT], 2,
     "イル＝ド＝フランス地域の製薬企業・研究機関と、受託製造と製剤技術の協力を進める。",
     ("富山の医薬品産業が欧州の製剤技術と品質基準に対応し、受託製造を拡大する。",
      "欧州規格の製剤、和漢薬由来の新製品。",
      "仏製薬企業との受託製造契約2件。"),
     ("M. Julien Moreau", "j.moreau@medicen.example.fr", "Medicen Paris Region"),
     [(dt.date(2026, 3, 10), ContactForm.VISIT_JAPAN, "仏製薬企業5社、県商工労働部", "富山の製薬工場を視察。")]),
    ("nagasaki", 2027, SUBMITTED, "海洋再生可能エネルギーの日英技術協力", "Marine renewable energy cooperation with Scotland",
     "marine-renewable-energy", ["42"], "Scotland", [O.TECHNICAL_COOPERATION, O.MARKET_DEVELOPMENT], 3,
     "スコットランドの海洋エネルギー研究拠点と、潮流発電の保守技術と人材育成で協力する。",
     ("長崎の造船・海洋産業が海洋再エネ分野へ事業を広げる。",
      "潮流発電機の保守サービス、浮体構造物の部材。",
      "スコットランド企業との保守業務提携、共同実証。"),
     ("Dr. Fiona MacLeod", "f.macleod@emec.example.co.uk", "European Marine Energy Centre"),
     [(dt.date(2025, 8, 26), ContactForm.VISIT_ABROAD, "協議会 松本会長ほか8名", "オークニー諸島の試験場を視察。")]),
    ("oita", 2027, SUBMITTED, "大分と韓国のものづくり企業連携", "Manufacturing tie-up between Oita and Korea",
     "manufacturing", ["44"], "Gyeongsangnam-do", [O.EXPORT, O.MARKET_DEVELOPMENT], 1,
     "慶尚南道の機械産業クラスターと、半導体製造装置部品とFA設備の取引拡大を図る。",
     ("大分のものづくり企業が韓国の装置メーカーのサプライチェーンに参入する。",
      "韓国仕様の装置部品、精密金型。",
      "韓国企業との部品供給契約3件。"),
     ("Mr. Kim Min-jun", "mj.kim@gntp.example.kr", "Gyeongnam Technopark"),
     [(dt.date(2026, 5, 20), ContactForm.EVENT, "クラスター 木村会長、Kim氏", "釜山の展示会で商談。")]),
    ("shonan", 2027, DRAFT, "湘南とオウルのヘルスケアソフトウェア協力", "Healthcare software with the Oulu region",
     "healthcare", ["14"], "Oulu Region", [O.JOINT_DEVELOPMENT], 2,
     "オウル地域のヘルステック企業と、遠隔医療と介護記録ソフトウェアの共同開発を行う。",
     ("湘南地域のソフトウェア産業が北欧のヘルスケア市場に参入する。",
      "遠隔リハビリ用アプリ、介護記録システム。",
      "オウルの企業との共同開発、北欧での販売提携。"),
     ("Ms. Laura Virtanen", "l.virtanen@businessoulu.example.fi", "BusinessOulu"),
     [(dt.date(2026, 2, 12), ContactForm.ONLINE, "協議会事務局、Virtanen氏", "協力分野についてオンライン会議。")]),
    ("yamaguchi", 2027, INCOMPLETE, "ガラスコーティング技術の日台交流", "Glass coating exchange with Taiwan",
     "glass-coating", ["35"], "Taiwan", [], None, "", ("", "", ""), None, []),
    ("kitakyushu", 2026, SUBMITTED, "環境技術の日越交流と販路開拓", "Environmental technology exchange with Vietnam",
     "water-treatment", ["40"], "Vietnam Trade Promotion Agency", [O.EXPORT, O.TECHNICAL_COOPERATION], 2,
     "ベトナム貿易促進庁と連携し、北九州の水処理・環境技術のベトナムでの展開を図る。",
     ("北九州の環境技術企業が東南アジアでの事業基盤を築く。",
      "小規模水処理ユニット、工場排水のモニタリング。",
      "ベトナム企業との合弁・代理店契約。"),
     ("Ms. Nguyen Thi Lan", "lan.nguyen@vietrade.example.vn", "Vietnam Trade Promotion Agency"),
     [(dt.date(2025, 7, 9), ContactForm.VISIT_ABROAD, "商工会議所 鈴木会頭ほか", "ハノイで協議。")]),
    ("fukushima", 2026, SUBMITTED, "再生可能エネルギー分野の福島・NRW協力", "Renewable energy cooperation between Fukushima and NRW",
     "renewable-energy", ["07"], "Nordrhein-Westfalen", [O.TECHNICAL_COOPERATION, O.JOINT_DEVELOPMENT], 2,
     "NRW州のエネルギー関連クラスターと、再生可能エネルギーと水素技術の共同研究を行う。",
     ("福島の再エネ関連企業の技術力と事業規模を高める。",
      "水素貯蔵関連部材、風力発電保守機器。",
      "NRW州企業との共同実証2件。"),
     ("Dr. Thomas Becker", "t.becker@energy-nrw.example.de", "EnergyAgency.NRW"),
     [(dt.date(2025, 6, 5), ContactForm.VISIT_JAPAN, "NRW州経済ミッション、推進機構", "郡山で企業訪問。")]),
    ("shonan", 2026, SUBMITTED, "湘南とヘルシンキのソフトウェア協力", "Software cooperation between Shonan and Helsinki",
     "software", ["14"], "Helsinki-Uusimaa", [O.JOINT_DEVELOPMENT, O.MARKET_DEVELOPMENT], 1,
     "ヘルシンキ＝ウーシマー地域のソフトウェア企業と、ゲーミフィケーションを用いたヘルスケアアプリを共同開発する。",
     ("湘南のソフトウェア企業が北欧の開発手法と市場を獲得する。",
      "リハビリ用ゲームアプリ。",
      "ヘルシンキの企業との共同開発契約。"),
     ("Mr. Mikko Laine", "m.laine@helsinkipartners.example.fi", "Helsinki Partners"),
     [(dt.date(2025, 5, 28), ContactForm.EVENT, "協議会会員企業3社", "Slush関連イベントで面談。")]),
    # The FY2025 round (case study's partner pairs): all approved; their tie-ups are on the
    # public showcase (demo.showcase).
    ("ibaraki", 2025, SUBMITTED, "自動車部品の日独技術交流", "Automotive parts exchange between Ibaraki and Baden-Württemberg",
     "automotive", ["08"], "Baden-Württemberg", [O.TECHNICAL_COOPERATION, O.EXPORT], 2,
     "バーデン＝ヴュルテンベルク州の自動車クラスターと、県内部品メーカーの技術交流と商談会を行う。",
     ("県内部品メーカーが独完成車メーカーのサプライチェーンに参入する足がかりを作る。",
      "防錆コーティング部品、プレス部品の欧州規格対応。",
      "独部品メーカーとの技術協力と試作取引。"),
     ("Dr. Katharina Vogel", "k.vogel@bw-i.example.de", "Baden-Württemberg International"),
     [(dt.date(2024, 10, 9), ContactForm.VISIT_ABROAD, "振興会 山田会長ほか", "シュトゥットガルトのクラスター事務局を訪問。")]),
    ("saga", 2025, SUBMITTED, "佐賀とコスメティックバレーの化粧品交流", "Cosmetics exchange between Saga and Cosmetic Valley",
     "cosmetics", ["41"], "Cosmetic Valley", [O.JOINT_DEVELOPMENT, O.MARKET_DEVELOPMENT], 2,
     "フランスの化粧品クラスター「コスメティックバレー」と、県産の天然原料を使った製品開発と商談会を行う。",
     ("県内の化粧品関連企業が欧州の原料・処方の知見を得る。",
      "柑橘・茶由来の化粧品原料。",
      "仏化粧品メーカーとの原料供給契約。"),
     ("Ms. Claire Dubois", "c.dubois@cosmetic-valley.example.fr", "Cosmetic Valley"),
     [(dt.date(2024, 9, 24), ContactForm.VISIT_JAPAN, "コスメティックバレー視察団", "唐津の企業を視察。")]),
    ("nagasaki", 2025, SUBMITTED, "海洋再生可能エネルギーの長崎・スコットランド協力", "Marine renewable energy cooperation between Nagasaki and Scotland",
     "marine-renewable-energy", ["42"], "Scotland", [O.TECHNICAL_COOPERATION, O.JOINT_DEVELOPMENT], 2,
     "スコットランドの海洋エネルギー関係機関と、潮流発電の保守技術と人材育成で協力する。",
     ("県内の造船・海洋企業が海洋再生可能エネルギー分野に参入する。",
      "潮流発電機の保守サービス、浮体構造物の部材。",
      "スコットランド企業との保守技術の提携。"),
     ("Dr. Fiona MacLeod", "f.macleod@marine-energy.example.scot", "European Marine Energy Centre"),
     [(dt.date(2024, 11, 13), ContactForm.VISIT_ABROAD, "産業振興財団、県内企業4社", "オークニー諸島の試験場を訪問。")]),
    ("oita", 2025, SUBMITTED, "大分と慶尚南道のものづくり交流", "Manufacturing exchange between Oita and Gyeongsangnam-do",
     "manufacturing", ["44"], "Gyeongsangnam-do", [O.EXPORT, O.TECHNICAL_COOPERATION], 2,
     "慶尚南道の装置メーカーと、半導体製造装置部品と精密金型の取引拡大を図る。",
     ("県内のものづくり企業が韓国の装置メーカーとの取引を広げる。",
      "韓国仕様の装置部品、精密金型。",
      "韓国企業との部品供給契約。"),
     ("Mr. Park Ji-hoon", "jh.park@gntp.example.kr", "Gyeongnam Technopark"),
     [(dt.date(2024, 10, 22), ContactForm.EVENT, "クラスター 木村会長、Park氏", "昌原の展示会で商談。")]),
]

# English summaries for the overseas offices' reviewers, per (organisation, fiscal year):
# (the plan, the prospects, the firms' interests, the prior contacts).
ENGLISH = {
    ("ibaraki", 2027): (
        "Ibaraki's automotive suppliers and the Baden-Württemberg automotive cluster develop "
        "lightweight EV parts together: expert visits to Ibaraki in year 1, a delegation to "
        "Stuttgart with a matching event in year 2.",
        "Lighter aluminium-resin brackets and anti-corrosion coated parts; two joint "
        "development contracts with German Tier-1 suppliers and new European customers for "
        "three Ibaraki firms.",
        "Six firms (press parts, die-casting, resins, coatings, software testing, trading) "
        "want German partners for EV components.",
        "A visit to the cluster office in Stuttgart (October 2025) and an online matching "
        "session with four BW firms (June 2026)."),
    ("kitakyushu", 2027): (
        "Kitakyushu machinery makers and the Baden-Württemberg machine-building cluster "
        "cooperate on factory IoT and conveyors meeting European standards, over three years.",
        "EU-compliant conveyor units and retrofit IoT sensor kits; mutual OEM agreements and "
        "joint bids with BW equipment makers.", "", ""),
    ("fukushima", 2027): (
        "Fukushima's medical device cluster and MedizinTechnik.NRW co-develop catheter "
        "components and surgical instruments, with support for CE marking.",
        "High-performance catheter parts and reusable instruments; two joint developments "
        "and three European distribution agreements.",
        "Six firms: components, instruments, clinical testing, moulding and import/export.",
        "Met at MEDICA in Düsseldorf (November 2025)."),
    ("yamagata", 2027): (
        "Yamagata's organic electronics firms prototype OLED lighting and printed sensors "
        "with research institutes and companies in Saxony.",
        "OLED lighting panels and flexible sensors; a materials supply contract and a joint "
        "research project with Dresden firms.", "", ""),
    ("saga", 2027): (
        "Saga's cosmetics makers develop products from local natural ingredients with "
        "Cosmetic Valley firms and enter the French market.",
        "Citrus and tea based skincare ingredients; ingredient supply contracts and a joint "
        "brand with French cosmetics makers.", "", ""),
    ("toyama", 2027): (
        "Toyama's pharmaceutical industry cooperates with firms and institutes of "
        "Île-de-France on contract manufacturing and formulation technology.",
        "European-standard formulations and new products from Kampo ingredients; two "
        "contract manufacturing agreements with French firms.", "", ""),
    ("nagasaki", 2027): (
        "Nagasaki's shipbuilding and marine firms work with Scotland's marine energy centre "
        "on tidal turbine maintenance and skills, over three years.",
        "Maintenance services for tidal turbines and floating structure parts; a maintenance "
        "partnership and a joint demonstration with Scottish firms.", "", ""),
    ("oita", 2027): (
        "Oita manufacturers join the supply chains of equipment makers in "
        "Gyeongsangnam-do: semiconductor equipment parts and factory automation.",
        "Equipment parts to Korean specifications and precision moulds; three supply "
        "contracts with Korean firms.", "", ""),
    ("shonan", 2027): (
        "Shonan software firms co-develop telemedicine and care-record software with "
        "health-tech companies of the Oulu region.",
        "A remote rehabilitation app and a care-record system; joint development and a "
        "Nordic sales partnership.", "", ""),
    ("kitakyushu", 2026): (
        "Kitakyushu brings its water treatment and environmental technology to Vietnam with "
        "the Vietnam Trade Promotion Agency.",
        "Small water treatment units and factory effluent monitoring; joint ventures and "
        "agency agreements with Vietnamese firms.", "", ""),
    ("fukushima", 2026): (
        "Fukushima and North Rhine-Westphalia research renewable energy and hydrogen "
        "technology together.",
        "Hydrogen storage components and wind turbine maintenance equipment; two joint "
        "demonstrations with NRW firms.", "", ""),
    ("shonan", 2026): (
        "Shonan and Helsinki software firms co-develop a gamified healthcare app.",
        "A rehabilitation game app; a joint development contract with a Helsinki firm.",
        "", ""),
    ("ibaraki", 2025): (
        "Ibaraki's parts makers and the Baden-Württemberg automotive cluster exchange "
        "technology and meet buyers: expert visits to Ibaraki, then a delegation to Stuttgart.",
        "Anti-corrosion coated and pressed parts to European standards; technical cooperation "
        "and trial orders with German suppliers.", "", ""),
    ("saga", 2025): (
        "Saga's cosmetics makers and Cosmetic Valley develop products from local natural "
        "ingredients and meet French buyers.",
        "Citrus and tea based ingredients; ingredient supply contracts with French makers.",
        "", ""),
    ("nagasaki", 2025): (
        "Nagasaki's shipbuilding and marine firms cooperate with Scotland's marine energy "
        "centre on tidal turbine maintenance and skills.",
        "Maintenance services for tidal turbines and floating structure parts; a maintenance "
        "partnership with Scottish firms.", "", ""),
    ("oita", 2025): (
        "Oita manufacturers meet equipment makers of Gyeongsangnam-do: semiconductor "
        "equipment parts and precision moulds.",
        "Equipment parts to Korean specifications; supply contracts with Korean firms.",
        "", ""),
}

YEAR_ACTIVITIES = {
    1: "相手地域の専門家を招へいし、県内でビジネスマッチングと企業訪問を行う。",
    2: "県内企業のミッション団を相手地域に派遣し、現地企業との商談と共同開発の打合せを行う。",
    3: "両地域で成果報告セミナーを開催し、継続的な取引と共同開発の枠組みを固める。",
}


def _corporate_number(seed: int) -> str:
    body = f"{7_000_000_000_00 + seed * 7919:012d}"[-12:]
    return f"{corporate_number_check_digit(body)}{body}"


def _cost_lines(application: Application, seed: int) -> None:
    """A small cost proposal (3–6 lines) so that the sponsorship checklist passes; its
    size follows the application (`seed`), so that the demo requests differ."""
    from sponsorship.enums import Activity, CostCategory
    from sponsorship.models import CostLine

    experts = 2 + seed % 4  # 2–5 invited experts, 4 nights each
    lines = [
        (Activity.MATCHING_IN_JAPAN, 1, CostCategory.INTERNATIONAL_AIRFARE,
         "招へい専門家の往復航空券", experts, "名", 180_000 + 15_000 * (seed % 5)),
        (Activity.MATCHING_IN_JAPAN, 1, CostCategory.ACCOMMODATION, "招へい専門家の宿泊費",
         experts * 4, "人泊", 14_000 + 1_000 * (seed % 3)),
        (Activity.MATCHING_IN_JAPAN, 1, CostCategory.INTERPRETATION, "商談会の通訳",
         1 + seed % 3, "日", 85_000),
    ]
    if seed % 2:
        lines.append((Activity.SEMINAR_JAPAN, 1, CostCategory.VENUE, "成果報告セミナー会場",
                      1, "日", 220_000 + 40_000 * (seed % 4)))
    if (application.duration_years or 1) >= 2:
        lines.append((Activity.NETWORKING_ABROAD, 2, CostCategory.INTERNATIONAL_AIRFARE,
                      "ミッション団の往復航空券", 3 + seed % 4, "名", 230_000))
        lines.append((Activity.NETWORKING_ABROAD, 2, CostCategory.VENUE, "現地商談会の会場借料",
                      1, "日", 280_000))
    for position, (activity, year, category, description, qty, unit, cost) in enumerate(lines):
        CostLine.objects.create(application=application, activity=activity, year=year,
                                category=category, description=description, quantity=qty,
                                unit=unit, unit_cost=cost, position=position)


def _fill(application: Application, user: User, spec: tuple, seed: int) -> None:
    (org_key, _fy, outcome, title, title_en, sector, prefs, region, objectives, duration,
     summary, c2, partner, contacts) = spec
    application_overview_update(
        application=application, by=user, title_ja=title, title_en=title_en,
        sector=Sector.objects.get(code=sector),
        prefectures=Prefecture.objects.filter(code__in=prefs),
        partner_region=PartnerRegion.objects.get(name_en=region))
    firms = FIRMS[org_key] if outcome != INCOMPLETE else FIRMS[org_key][:3]
    for position, (name, industry, capital, employees, interest) in enumerate(firms, start=1):
        ConsortiumMember.objects.create(
            application=application, name=name, industry=industry, capital_yen=capital,
            employees=employees, interest=interest, position=position,
            corporate_number=_corporate_number(seed * 10 + position))
    if outcome == INCOMPLETE:
        return
    application_cooperation_update(
        application=application, by=user, objectives=objectives, objectives_other="",
        cooperation_summary=summary, start_date=dt.date(application.call.fiscal_year, 7, 1),
        duration_years=duration,
        year_plans={year: YEAR_ACTIVITIES[year] for year in range(1, duration + 1)})
    application_prospects_update(application=application, by=user, c2_industry_development=c2[0],
                                 c2_new_products=c2[1], c2_business_tieups=c2[2])
    plan_en, prospects_en, firms_en, contacts_en = ENGLISH[(org_key, application.call.fiscal_year)]
    application_english_summaries_update(
        application=application, by=user,
        summaries={"plan": plan_en, "prospects": prospects_en, "firms": firms_en,
                   "contacts": contacts_en})
    for date, form, people, what in contacts:
        PriorContact.objects.create(application=application, date=date, form=form,
                                    people=people, description=what)
    name, email, organisation = partner
    confirmation = PartnerConfirmation.objects.create(
        application=application, contact_name=name, contact_email=email,
        contact_organisation=organisation, requested_by=user,
        status=ConfirmationStatus.CONFIRMED,
        message="We are very interested in this collaboration and look forward to it.")
    # Requested some weeks before the application was completed, answered three days later.
    confirmation.requested_at -= dt.timedelta(days=20)
    confirmation.responded_at = confirmation.requested_at + dt.timedelta(days=3, hours=5)
    confirmation.save(update_fields=["requested_at", "responded_at"])
    _cost_lines(application, seed)


def _create(call: Call, spec: tuple, seed: int) -> Application | None:
    org_key, title = spec[0], spec[3]
    from .accounts import ORGANISATIONS

    name_ja = next(o[3] for o in ORGANISATIONS if o[0] == org_key)
    organisation = ApplicantOrganisation.objects.get(name_ja=name_ja)
    if Application.objects.filter(call=call, organisation=organisation,
                                  title_ja=title).exists():
        return None
    user = User.objects.filter(organisation=organisation).order_by("pk").first()
    with transaction.atomic():
        application = application_create(call=call, by=user, title_ja=title)
        _fill(application, user, spec, seed)
        if spec[2] == SUBMITTED:
            application_submit(application=application, by=user)
    return application


@contextmanager
def _django_clock_at(moment: dt.datetime):
    """Inside the block, Django's clock (django.utils.timezone.now, which the services,
    the deadline checks and auto_now fields read) says `moment`. Only the demo does this,
    to make the closed call's applications while its window was open."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def demo_applications(calls: list[Call], stdout=None) -> list[Application]:
    """Create the demo applications in the calls given by fiscal year."""
    by_year = {call.fiscal_year: call for call in calls}
    created = []
    for seed, spec in enumerate(APPLICATIONS, start=1):
        call = by_year[spec[1]]
        if call.state == "open":
            application = _create(call, spec, seed)
        else:
            # The closed call's applications were made while it was open.
            with _django_clock_at(call.opens_at + dt.timedelta(days=10 + seed)):
                application = _create(call, spec, seed)
        if application is not None:
            created.append(application)
    if stdout is not None:
        stdout.write(f"Demo applications: {len(created)} created")
    return created
