# ruff: noqa: E501  (prose: one paragraph a line, as the notice's text is stored)
"""The first version of the privacy notice, as installed by migration 0002 (a later version
is published with services.notice_publish; this text then stays what version 1 said)."""

TEXT_JA = """\
# 1. 個人情報の取扱者
独立行政法人日本貿易振興機構（ジェトロ）は、地域間交流支援（RIT）事業の運営のため、RITポータルで個人情報を取り扱います。個人情報の保護に関する法律（個人情報保護法）及び関係ガイドラインに従って取り扱います。

# 2. 取得する個人情報と利用目的
申請団体の担当者（氏名、メールアドレス、電話番号、代表者の氏名・役職）：アカウントの管理、申請の受付・審査・採択の連絡、採択通知書の送付、事業の報告の受付のため。
コンソーシアム企業及び事業参加企業の担当者（氏名、メールアドレス）：申請の審査、事業の実施状況の確認、満足度調査の送付のため。
海外パートナー地域の担当者（氏名、所属、メールアドレス、回答内容）：協力意向の確認、事業の実施、満足度調査の送付のため。
派遣団員・招へい専門家（旅券上の氏名、国籍、所属、役職、渡航日程・便、通訳・査証の要否）：渡航の手配、査証申請用の招へい状の作成、旅行会社・在外公館・海外パートナーへの提供（4.のとおり）のため。
満足度調査の回答者（回答内容）：事業の評価及び政府への年次報告のため。年次報告には個人が識別されない集計値のみを記載します。
審査員（氏名、所属事務所、メールアドレス、利益相反の申告）：審査の割当て及び公正な審査のため。

# 3. 利用目的の範囲
上記の目的の範囲を超えて個人情報を利用することはありません。目的を変更する場合は、本通知の新しい版で公表します。各フォームで取得した情報には、その時点で有効な本通知の版を記録しています。

# 4. 第三者への提供
派遣団員・招へい専門家の情報は、渡航手配のための旅行会社、査証申請のための在外公館、受入れのための海外パートナーに提供することがあります。提供のたびに、何を、誰に、いつ、誰が提供したかを記録します。外国にある第三者への提供は、提供先の国名、その国の個人情報保護制度及び提供先が講ずる措置についての情報を示したうえで、本人の同意を得てから行います。法令に基づく場合を除き、それ以外の第三者に提供することはありません。

# 5. 保存期間
派遣団員の情報は、事業の終了から1年後に削除します。その他の個人情報は、上記の目的に必要な間保存し、その後、削除し、又は個人を識別できない形に加工します（満足度調査の集計値は残ります）。

# 6. 安全管理措置
個人情報を閲覧できるのは、業務上必要な申請団体の担当者及びジェトロの担当職員に限られます。リカバリーコード等の秘密情報はハッシュ値のみを保存します。

# 7. 開示・訂正・利用停止等の請求
ご本人は、保有個人データの開示、訂正、追加、削除、利用停止及び第三者提供の記録の開示を請求できます。請求は、RIT事業事務局（ジェトロ本部）までお寄せください。

# 8. お問い合わせ
独立行政法人日本貿易振興機構 RIT事業事務局"""

TEXT_EN = """\
# 1. Who handles your personal data
The Japan External Trade Organization (JETRO) handles personal data on the RIT Portal to run the Regional Industry Tie-up (RIT) programme, as Japan's Act on the Protection of Personal Information (APPI) and its guidelines require.

# 2. What we collect and why
Staff of applicant organisations (name, e-mail address, telephone number, the representative's name and title): to manage accounts, receive, review and decide applications, send award letters and receive progress reports.
Contacts of consortium firms and of firms taking part in a project (name, e-mail address): to review applications, follow the project and send the satisfaction survey.
Contacts at the foreign partner region (name, organisation, e-mail address, their answer): to confirm their interest, run the project and send the satisfaction survey.
Delegates and invited foreign experts (name as in the passport, nationality, organisation, role, travel dates and flights, whether an interpreter or a visa is needed): to arrange travel, write invitation letters for visa applications, and provide them to travel agents, embassies and the foreign partner (section 4).
Survey participants (their answers): to evaluate the programme and report to the government each year. The annual report shows only figures that identify nobody.
Reviewers (name, office, e-mail address, declared conflicts of interest): to assign applications and keep the review fair.

# 3. Only for these purposes
We do not use personal data beyond these purposes. A change of purpose is published as a new version of this notice. Each form records the version of this notice in force when it collected the data.

# 4. Provision to third parties
Data of delegates and invited experts may be provided to travel agents (to arrange travel), embassies and consulates (for visa applications) and the foreign partner (to receive the delegation). Each provision is recorded: what, to whom, when and by whom. Data is provided to a third party in a foreign country only with the person's consent, given after being told the country, its system for protecting personal information and the measures the recipient takes. Apart from this and where the law requires it, no personal data is provided to third parties.

# 5. How long we keep it
Delegates' data is deleted one year after the project ends. Other personal data is kept while the purposes above need it, then deleted or made anonymous (survey figures are kept).

# 6. How we protect it
Only the applicant organisation's staff who need it and JETRO's staff in charge can see personal data. Secrets such as recovery codes are stored only as hashes.

# 7. Your rights
You may ask for the personal data we hold about you to be disclosed, corrected, completed or deleted, for its use to stop, and for the records of its provision to third parties. Write to the RIT programme office at JETRO headquarters.

# 8. Contact
RIT programme office, Japan External Trade Organization (JETRO)"""
