# ruff: noqa: E501  (prose: one paragraph a line, as the notice's text is stored)
"""Translations of version 1 of the privacy notice (privacy/notice_v1.py) into the partner
languages, for the foreign partners and participants who reach the notice from the pages
in their language (rit_portal/partner_languages.py). Installed by migration 0005 as
`NoticeTranslation` rows, never changed afterwards: a translation of a later version is a
new row of that version. The Japanese text is the authoritative one; the page says so
above every translation."""

TEXTS = {
    "de": """\
# 1. Wer Ihre personenbezogenen Daten verarbeitet
Die Japan External Trade Organization (JETRO) verarbeitet personenbezogene Daten im RIT-Portal, um das Programm Regional Industry Tie-up (RIT) durchzuführen, wie es das japanische Gesetz zum Schutz personenbezogener Informationen (APPI) und seine Leitlinien verlangen.

# 2. Was wir erheben und wozu
Mitarbeitende antragstellender Organisationen (Name, E-Mail-Adresse, Telefonnummer, Name und Funktion der vertretungsberechtigten Person): um Konten zu verwalten, Anträge entgegenzunehmen, zu prüfen und über sie zu entscheiden, Förderbescheide zu versenden und Fortschrittsberichte entgegenzunehmen.
Ansprechpersonen der Konsortialunternehmen und der an einem Projekt teilnehmenden Unternehmen (Name, E-Mail-Adresse): um Anträge zu prüfen, das Projekt zu begleiten und die Zufriedenheitsumfrage zu versenden.
Ansprechpersonen in der ausländischen Partnerregion (Name, Organisation, E-Mail-Adresse, ihre Antwort): um ihr Interesse zu bestätigen, das Projekt durchzuführen und die Zufriedenheitsumfrage zu versenden.
Delegationsmitglieder und eingeladene ausländische Fachleute (Name laut Reisepass, Staatsangehörigkeit, Organisation, Funktion, Reisedaten und Flüge, ob ein Dolmetscher oder ein Visum benötigt wird): um Reisen zu organisieren, Einladungsschreiben für Visumanträge zu verfassen und die Daten an Reisebüros, Botschaften und den ausländischen Partner weiterzugeben (Abschnitt 4).
Teilnehmende an Umfragen (ihre Antworten): um das Programm zu bewerten und der Regierung jährlich zu berichten. Der Jahresbericht enthält nur Zahlen, die keine Person erkennbar machen.
Gutachterinnen und Gutachter (Name, Büro, E-Mail-Adresse, erklärte Interessenkonflikte): um Anträge zuzuweisen und eine faire Begutachtung zu gewährleisten.

# 3. Nur für diese Zwecke
Wir verwenden personenbezogene Daten nicht über diese Zwecke hinaus. Eine Änderung der Zwecke wird als neue Fassung dieses Hinweises veröffentlicht. Jedes Formular hält fest, welche Fassung dieses Hinweises galt, als es die Daten erhoben hat.

# 4. Weitergabe an Dritte
Daten von Delegationsmitgliedern und eingeladenen Fachleuten können an Reisebüros (zur Reiseorganisation), Botschaften und Konsulate (für Visumanträge) und den ausländischen Partner (zum Empfang der Delegation) weitergegeben werden. Jede Weitergabe wird festgehalten: was, an wen, wann und durch wen. An Dritte in einem anderen Land werden Daten nur mit Einwilligung der Person weitergegeben, die sie erteilt, nachdem sie über das Land, dessen System zum Schutz personenbezogener Informationen und die Maßnahmen des Empfängers informiert wurde. Abgesehen davon und von gesetzlich vorgeschriebenen Fällen werden keine personenbezogenen Daten an Dritte weitergegeben.

# 5. Wie lange wir die Daten aufbewahren
Die Daten von Delegationsmitgliedern werden ein Jahr nach Ende des Projekts gelöscht. Andere personenbezogene Daten werden aufbewahrt, solange die oben genannten Zwecke sie erfordern, und danach gelöscht oder anonymisiert (die Zahlen der Umfragen bleiben erhalten).

# 6. Wie wir die Daten schützen
Nur die Mitarbeitenden der antragstellenden Organisation, die sie benötigen, und die zuständigen Mitarbeitenden der JETRO können personenbezogene Daten einsehen. Geheimnisse wie Wiederherstellungscodes werden nur als Hashwerte gespeichert.

# 7. Ihre Rechte
Sie können verlangen, dass die personenbezogenen Daten, die wir über Sie speichern, offengelegt, berichtigt, ergänzt oder gelöscht werden, dass ihre Verwendung eingestellt wird und dass Ihnen die Aufzeichnungen über ihre Weitergabe an Dritte offengelegt werden. Wenden Sie sich schriftlich an das RIT-Programmbüro in der Zentrale der JETRO.

# 8. Kontakt
RIT-Programmbüro, Japan External Trade Organization (JETRO)""",

    "fr": """\
# 1. Qui traite vos données personnelles
L'Organisation japonaise du commerce extérieur (JETRO) traite des données personnelles sur le portail RIT pour mettre en œuvre le programme Regional Industry Tie-up (RIT), comme l'exigent la loi japonaise sur la protection des informations personnelles (APPI) et ses lignes directrices.

# 2. Ce que nous collectons et pourquoi
Personnel des organisations candidates (nom, adresse électronique, numéro de téléphone, nom et fonction du représentant) : pour gérer les comptes, recevoir, évaluer et trancher les candidatures, envoyer les lettres d'attribution et recevoir les rapports d'avancement.
Contacts des entreprises du consortium et des entreprises participant à un projet (nom, adresse électronique) : pour évaluer les candidatures, suivre le projet et envoyer l'enquête de satisfaction.
Contacts dans la région partenaire étrangère (nom, organisation, adresse électronique, leur réponse) : pour confirmer leur intérêt, mener le projet et envoyer l'enquête de satisfaction.
Membres des délégations et experts étrangers invités (nom tel qu'il figure sur le passeport, nationalité, organisation, fonction, dates de voyage et vols, besoin d'un interprète ou d'un visa) : pour organiser les voyages, rédiger les lettres d'invitation pour les demandes de visa et fournir ces données aux agences de voyage, aux ambassades et au partenaire étranger (section 4).
Participants aux enquêtes (leurs réponses) : pour évaluer le programme et rendre compte chaque année au gouvernement. Le rapport annuel ne présente que des chiffres qui ne permettent d'identifier personne.
Évaluateurs (nom, bureau, adresse électronique, conflits d'intérêts déclarés) : pour attribuer les candidatures et garantir une évaluation équitable.

# 3. Uniquement à ces fins
Nous n'utilisons pas les données personnelles au-delà de ces finalités. Tout changement de finalité est publié sous la forme d'une nouvelle version de la présente notice. Chaque formulaire enregistre la version de la présente notice en vigueur lorsqu'il a collecté les données.

# 4. Communication à des tiers
Les données des membres des délégations et des experts invités peuvent être communiquées à des agences de voyage (pour organiser les voyages), à des ambassades et consulats (pour les demandes de visa) et au partenaire étranger (pour accueillir la délégation). Chaque communication est enregistrée : quoi, à qui, quand et par qui. Les données ne sont communiquées à un tiers situé dans un pays étranger qu'avec le consentement de la personne, donné après avoir été informée du pays, de son système de protection des informations personnelles et des mesures prises par le destinataire. En dehors de ce cas et des cas prévus par la loi, aucune donnée personnelle n'est communiquée à des tiers.

# 5. Durée de conservation
Les données des membres des délégations sont supprimées un an après la fin du projet. Les autres données personnelles sont conservées tant que les finalités ci-dessus l'exigent, puis supprimées ou anonymisées (les chiffres des enquêtes sont conservés).

# 6. Comment nous les protégeons
Seuls les membres du personnel de l'organisation candidate qui en ont besoin et le personnel de la JETRO chargé du programme peuvent consulter les données personnelles. Les secrets tels que les codes de récupération ne sont conservés que sous forme d'empreintes (hachages).

# 7. Vos droits
Vous pouvez demander que les données personnelles que nous détenons à votre sujet vous soient communiquées, soient rectifiées, complétées ou supprimées, que leur utilisation cesse, et que les registres de leur communication à des tiers vous soient communiqués. Écrivez au bureau du programme RIT au siège de la JETRO.

# 8. Contact
Bureau du programme RIT, Organisation japonaise du commerce extérieur (JETRO)""",

    "ko": """\
# 1. 개인정보를 취급하는 자
일본무역진흥기구(JETRO)는 지역 산업 연계(RIT) 사업을 운영하기 위해 RIT 포털에서 개인정보를 취급합니다. 일본 「개인정보의 보호에 관한 법률」(개인정보보호법) 및 관련 가이드라인에 따라 취급합니다.

# 2. 수집하는 개인정보와 이용 목적
신청 단체의 담당자(성명, 이메일 주소, 전화번호, 대표자의 성명·직위): 계정 관리, 신청의 접수·심사·채택 결정, 채택 통지서 발송, 사업 보고의 접수를 위해.
컨소시엄 기업 및 사업 참가 기업의 담당자(성명, 이메일 주소): 신청 심사, 사업 진행 상황 확인, 만족도 조사 발송을 위해.
해외 파트너 지역의 담당자(성명, 소속, 이메일 주소, 회답 내용): 협력 의향 확인, 사업 실시, 만족도 조사 발송을 위해.
파견 단원 및 초청 해외 전문가(여권상의 성명, 국적, 소속, 직위, 여행 일정·항공편, 통역·비자 필요 여부): 여행 준비, 비자 신청용 초청장 작성, 여행사·재외공관·해외 파트너에 대한 제공(4.와 같음)을 위해.
만족도 조사 응답자(회답 내용): 사업 평가 및 정부에 대한 연차 보고를 위해. 연차 보고서에는 개인을 식별할 수 없는 집계 수치만 기재합니다.
심사위원(성명, 소속 사무소, 이메일 주소, 이해충돌 신고): 심사 배정 및 공정한 심사를 위해.

# 3. 이용 목적의 범위
위 목적의 범위를 넘어 개인정보를 이용하지 않습니다. 목적을 변경하는 경우에는 본 고지의 새로운 판으로 공표합니다. 각 양식에서 수집한 정보에는 수집 당시 유효했던 본 고지의 판을 기록합니다.

# 4. 제3자 제공
파견 단원 및 초청 전문가의 정보는 여행 준비를 위한 여행사, 비자 신청을 위한 재외공관(대사관·영사관), 방문단 수용을 위한 해외 파트너에 제공할 수 있습니다. 제공할 때마다 무엇을, 누구에게, 언제, 누가 제공했는지를 기록합니다. 외국에 있는 제3자에 대한 제공은 제공처의 국가명, 그 국가의 개인정보 보호 제도 및 제공처가 취하는 조치에 관한 정보를 제시한 후 본인의 동의를 얻은 다음에 실시합니다. 이 경우와 법령에 근거하는 경우를 제외하고는 그 밖의 제3자에게 제공하지 않습니다.

# 5. 보존 기간
파견 단원의 정보는 사업 종료 1년 후에 삭제합니다. 그 밖의 개인정보는 위 목적에 필요한 기간 동안 보존한 후 삭제하거나 개인을 식별할 수 없는 형태로 가공합니다(만족도 조사의 집계 수치는 남습니다).

# 6. 안전 관리 조치
개인정보를 열람할 수 있는 사람은 업무상 필요한 신청 단체의 담당자 및 JETRO의 담당 직원으로 한정됩니다. 복구 코드 등의 비밀 정보는 해시값만 저장합니다.

# 7. 공개·정정·이용 정지 등의 청구
본인은 보유 개인 데이터의 공개, 정정, 추가, 삭제, 이용 정지 및 제3자 제공 기록의 공개를 청구할 수 있습니다. 청구는 RIT 사업 사무국(JETRO 본부)으로 보내 주십시오.

# 8. 문의처
일본무역진흥기구(JETRO) RIT 사업 사무국""",

    "vi": """\
# 1. Đơn vị xử lý dữ liệu cá nhân của bạn
Tổ chức Xúc tiến Thương mại Nhật Bản (JETRO) xử lý dữ liệu cá nhân trên Cổng thông tin RIT để vận hành chương trình Liên kết Công nghiệp Vùng (RIT), theo yêu cầu của Luật Bảo vệ Thông tin Cá nhân của Nhật Bản (APPI) và các hướng dẫn kèm theo.

# 2. Dữ liệu chúng tôi thu thập và mục đích
Nhân viên của tổ chức nộp đơn (họ tên, địa chỉ e-mail, số điện thoại, họ tên và chức danh của người đại diện): để quản lý tài khoản, tiếp nhận, thẩm định và quyết định hồ sơ, gửi thư thông báo tài trợ và tiếp nhận báo cáo tiến độ.
Người liên hệ của các doanh nghiệp trong liên danh và của các doanh nghiệp tham gia dự án (họ tên, địa chỉ e-mail): để thẩm định hồ sơ, theo dõi dự án và gửi khảo sát mức độ hài lòng.
Người liên hệ tại vùng đối tác nước ngoài (họ tên, tổ chức, địa chỉ e-mail, câu trả lời của họ): để xác nhận sự quan tâm, thực hiện dự án và gửi khảo sát mức độ hài lòng.
Thành viên đoàn và chuyên gia nước ngoài được mời (họ tên như trong hộ chiếu, quốc tịch, tổ chức, chức vụ, ngày đi lại và chuyến bay, có cần phiên dịch hay thị thực không): để sắp xếp chuyến đi, soạn thư mời phục vụ xin thị thực, và cung cấp cho các đại lý du lịch, đại sứ quán và đối tác nước ngoài (mục 4).
Người tham gia khảo sát (câu trả lời của họ): để đánh giá chương trình và báo cáo hằng năm cho Chính phủ. Báo cáo hằng năm chỉ nêu các số liệu không xác định được bất kỳ ai.
Người thẩm định (họ tên, văn phòng, địa chỉ e-mail, các xung đột lợi ích đã khai báo): để phân công hồ sơ và bảo đảm việc thẩm định công bằng.

# 3. Chỉ cho các mục đích này
Chúng tôi không sử dụng dữ liệu cá nhân ngoài các mục đích nêu trên. Mọi thay đổi về mục đích được công bố dưới dạng một phiên bản mới của thông báo này. Mỗi biểu mẫu ghi lại phiên bản của thông báo này có hiệu lực vào thời điểm thu thập dữ liệu.

# 4. Cung cấp cho bên thứ ba
Dữ liệu của thành viên đoàn và chuyên gia được mời có thể được cung cấp cho đại lý du lịch (để sắp xếp chuyến đi), đại sứ quán và lãnh sự quán (để xin thị thực) và đối tác nước ngoài (để đón tiếp đoàn). Mỗi lần cung cấp đều được ghi lại: dữ liệu gì, cho ai, khi nào và do ai thực hiện. Dữ liệu chỉ được cung cấp cho bên thứ ba ở nước ngoài khi có sự đồng ý của chính người đó, được đưa ra sau khi người đó được thông báo về quốc gia nhận, hệ thống bảo vệ thông tin cá nhân của quốc gia đó và các biện pháp mà bên nhận áp dụng. Ngoài trường hợp này và các trường hợp pháp luật yêu cầu, không có dữ liệu cá nhân nào được cung cấp cho bên thứ ba.

# 5. Thời gian lưu giữ
Dữ liệu của thành viên đoàn được xóa một năm sau khi dự án kết thúc. Các dữ liệu cá nhân khác được lưu giữ trong thời gian cần thiết cho các mục đích nêu trên, sau đó được xóa hoặc ẩn danh hóa (các số liệu khảo sát được giữ lại).

# 6. Cách chúng tôi bảo vệ dữ liệu
Chỉ những nhân viên của tổ chức nộp đơn cần đến dữ liệu và nhân viên phụ trách của JETRO mới có thể xem dữ liệu cá nhân. Các thông tin bí mật như mã khôi phục chỉ được lưu dưới dạng giá trị băm.

# 7. Quyền của bạn
Bạn có thể yêu cầu công bố, đính chính, bổ sung hoặc xóa dữ liệu cá nhân mà chúng tôi lưu giữ về bạn, yêu cầu ngừng sử dụng dữ liệu đó, và yêu cầu công bố hồ sơ về việc cung cấp dữ liệu cho bên thứ ba. Vui lòng gửi yêu cầu bằng văn bản đến Văn phòng chương trình RIT tại trụ sở chính của JETRO.

# 8. Liên hệ
Văn phòng chương trình RIT, Tổ chức Xúc tiến Thương mại Nhật Bản (JETRO)""",

    "zh-hant": """\
# 1. 個人資料的處理者
日本貿易振興機構（JETRO）為辦理區域產業合作（RIT）計畫，於RIT入口網站處理個人資料，並依照日本《個人資訊保護法》（APPI）及相關指引處理。

# 2. 蒐集的個人資料及利用目的
申請團體的承辦人員（姓名、電子郵件地址、電話號碼、代表人的姓名及職稱）：用於管理帳號，受理、審查及決定申請案，寄送核定通知書，以及受理計畫進度報告。
聯合體企業及參與計畫企業的聯絡人（姓名、電子郵件地址）：用於審查申請案、確認計畫執行情形及寄送滿意度調查。
海外合作地區的聯絡人（姓名、所屬機構、電子郵件地址、回覆內容）：用於確認合作意願、執行計畫及寄送滿意度調查。
派遣團員及受邀海外專家（護照上的姓名、國籍、所屬機構、職務、行程日期及航班、是否需要口譯或簽證）：用於安排行程、製作申請簽證用的邀請函，以及提供予旅行社、駐外使領館及海外合作夥伴（如第4節所述）。
滿意度調查的填答者（回覆內容）：用於評估計畫及每年向政府提出報告。年度報告僅記載無法識別個人的統計數字。
審查委員（姓名、所屬辦事處、電子郵件地址、申報的利益衝突）：用於分派審查及確保審查公正。

# 3. 利用目的之範圍
我們不會在上述目的範圍以外利用個人資料。變更目的時，將以本告知的新版本公布。各表單所蒐集的資料，均記錄蒐集當時有效的本告知版本。

# 4. 提供予第三人
派遣團員及受邀專家的資料，可能提供予為安排行程的旅行社、為申請簽證的駐外使領館，以及為接待訪問團的海外合作夥伴。每次提供時，均記錄提供了什麼、提供給誰、何時及由誰提供。提供予位於外國的第三人時，須先告知本人接收方所在國家、該國的個人資訊保護制度及接收方所採取的措施，並取得本人同意後始得提供。除此之外及法令另有規定者外，不會將個人資料提供予其他第三人。

# 5. 保存期間
派遣團員的資料於計畫結束一年後刪除。其他個人資料於上述目的所需期間內保存，其後予以刪除或加工為無法識別個人的形式（滿意度調查的統計數字將予保留）。

# 6. 安全管理措施
僅有業務上需要的申請團體承辦人員及JETRO的承辦職員可以查閱個人資料。復原碼等機密資訊僅以雜湊值儲存。

# 7. 查閱、更正、停止利用等之請求
本人得請求揭露、更正、補充、刪除或停止利用我們所保有關於您的個人資料，並得請求揭露提供予第三人的紀錄。請求請寄至RIT計畫辦公室（JETRO總部）。

# 8. 聯絡窗口
日本貿易振興機構（JETRO）RIT計畫辦公室""",
}
