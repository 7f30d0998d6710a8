"""The demo's data, taken from the seed plan (Sở Thông tin và Truyền thông Hà Nam, 2021).

Names are the plan's own wording; dates are given only where they are part of the
public record of the document.
"""

from datetime import date

PROVINCIAL_PORTAL = {
    "site_name": "Cổng Thông tin điện tử tỉnh Hà Nam",
    "hostname": "localhost",
    "slug": "cong-tinh-ha-nam",
    "intro": "<p>Thông tin chính thống của Ủy ban nhân dân tỉnh Hà Nam.</p>",
}
DEPARTMENT_PORTAL = {
    "site_name": "Cổng Thông tin điện tử Sở Thông tin và Truyền thông",
    "hostname": "so.localhost",
    "slug": "cong-so-tttt",
    "intro": "<p>Cổng Thông tin điện tử Sở Thông tin và Truyền thông tỉnh Hà Nam.</p>",
}
PORTALS = (PROVINCIAL_PORTAL, DEPARTMENT_PORTAL)

INDEX_TITLE = "Phân giới, cắm mốc và quản lý biên giới"
INDEX_SLUG = "bien-gioi"
INDEX_INTRO = (
    "<p>Tuyên truyền về công tác phân giới, cắm mốc và quản lý biên giới đất liền "
    "theo Kế hoạch năm 2021 của Sở Thông tin và Truyền thông.</p>"
)

SECTIONS = [
    {
        "slug": "viet-nam-trung-quoc",
        "name": "Việt Nam - Trung Quốc",
        "neighbour_country": "Trung Quốc",
        "colour": "#b91c1c",
        "description": "Tuyến biên giới đất liền Việt Nam - Trung Quốc.",
    },
    {
        "slug": "viet-nam-lao",
        "name": "Việt Nam - Lào",
        "neighbour_country": "Lào",
        "colour": "#047857",
        "description": "Tuyến biên giới đất liền Việt Nam - Lào.",
    },
    {
        "slug": "viet-nam-campuchia",
        "name": "Việt Nam - Campuchia",
        "neighbour_country": "Campuchia",
        "colour": "#1d4ed8",
        "description": "Tuyến biên giới đất liền Việt Nam - Campuchia.",
    },
]

# (slug, short name, full title, kind, section slug, signed, in force)
TREATIES = [
    (
        "hiep-uoc-bien-gioi-viet-trung-1999",
        "Hiệp ước biên giới trên đất liền Việt Nam - Trung Quốc",
        "Hiệp ước biên giới trên đất liền giữa nước Cộng hòa xã hội chủ nghĩa Việt Nam "
        "và nước Cộng hòa nhân dân Trung Hoa",
        "treaty",
        "viet-nam-trung-quoc",
        date(1999, 12, 30),
        date(2000, 7, 6),
    ),
    (
        "nghi-dinh-thu-phan-gioi-cam-moc-viet-trung",
        "Nghị định thư về phân giới, cắm mốc (Việt Nam - Trung Quốc)",
        "Nghị định thư về phân giới, cắm mốc biên giới trên đất liền Việt Nam - Trung Quốc",
        "protocol",
        "viet-nam-trung-quoc",
        date(2009, 11, 18),
        date(2010, 7, 14),
    ),
    (
        "hiep-dinh-quy-che-quan-ly-bien-gioi-viet-trung",
        "Hiệp định về quy chế quản lý biên giới (Việt Nam - Trung Quốc)",
        "Hiệp định về quy chế quản lý biên giới trên đất liền Việt Nam - Trung Quốc",
        "agreement",
        "viet-nam-trung-quoc",
        date(2009, 11, 18),
        date(2010, 7, 14),
    ),
    (
        "hiep-dinh-cua-khau-viet-trung",
        "Hiệp định về cửa khẩu và quy chế quản lý cửa khẩu (Việt Nam - Trung Quốc)",
        "Hiệp định về cửa khẩu và quy chế quản lý cửa khẩu biên giới trên đất liền "
        "Việt Nam - Trung Quốc",
        "agreement",
        "viet-nam-trung-quoc",
        date(2009, 11, 18),
        date(2010, 7, 14),
    ),
    (
        "hiep-dinh-thac-ban-gioc-duc-thien",
        "Hiệp định về thác Bản Giốc - Đức Thiên",
        "Hiệp định hợp tác bảo vệ và khai thác tài nguyên du lịch thác Bản Giốc - Đức Thiên",
        "agreement",
        "viet-nam-trung-quoc",
        None,
        None,
    ),
    (
        "hiep-dinh-cua-song-bac-luan",
        "Hiệp định về tàu, thuyền đi lại ở cửa sông Bắc Luân",
        "Hiệp định về tàu, thuyền đi lại tại khu vực đi lại tự do ở cửa sông Bắc Luân",
        "agreement",
        "viet-nam-trung-quoc",
        None,
        None,
    ),
    (
        "nghi-dinh-thu-duong-bien-gioi-moc-quoc-gioi-viet-lao",
        "Nghị định thư về đường biên giới và mốc quốc giới (Việt Nam - Lào)",
        "Nghị định thư về đường biên giới và mốc quốc giới Việt Nam - Lào",
        "protocol",
        "viet-nam-lao",
        date(2016, 3, 16),
        None,
    ),
    (
        "hiep-dinh-quy-che-quan-ly-bien-gioi-cua-khau-viet-lao",
        "Hiệp định về Quy chế quản lý biên giới và cửa khẩu (Việt Nam - Lào)",
        "Hiệp định về Quy chế quản lý biên giới và cửa khẩu biên giới trên đất liền Việt Nam - Lào",
        "agreement",
        "viet-nam-lao",
        date(2016, 3, 16),
        None,
    ),
    (
        "hiep-dinh-thuong-mai-song-phuong-viet-lao",
        "Hiệp định Thương mại song phương (Việt Nam - Lào)",
        "Hiệp định Thương mại song phương giữa Việt Nam và Lào",
        "agreement",
        "viet-nam-lao",
        None,
        None,
    ),
    (
        "hiep-dinh-thuong-mai-bien-gioi-viet-lao",
        "Hiệp định Thương mại biên giới (Việt Nam - Lào)",
        "Hiệp định Thương mại biên giới giữa Việt Nam và Lào",
        "agreement",
        "viet-nam-lao",
        None,
        None,
    ),
    (
        "tuyen-bo-chung-viet-lao",
        "Các tuyên bố chung, thỏa thuận cấp cao (Việt Nam - Lào)",
        "Các tuyên bố chung, thỏa thuận của lãnh đạo cấp cao hai nước Việt Nam - Lào",
        "joint_statement",
        "viet-nam-lao",
        None,
        None,
    ),
    (
        "hiep-uoc-hoa-binh-huu-nghi-hop-tac-viet-campuchia",
        "Hiệp ước hòa bình, hữu nghị và hợp tác (Việt Nam - Campuchia)",
        "Hiệp ước hòa bình, hữu nghị và hợp tác giữa Việt Nam - Campuchia",
        "treaty",
        "viet-nam-campuchia",
        date(1979, 2, 18),
        None,
    ),
    (
        "hiep-uoc-vung-nuoc-lich-su",
        "Hiệp ước về vùng nước lịch sử (Việt Nam - Campuchia)",
        "Hiệp ước về vùng nước lịch sử giữa Việt Nam và Campuchia",
        "treaty",
        "viet-nam-campuchia",
        date(1982, 7, 7),
        None,
    ),
    (
        "hiep-uoc-nguyen-tac-giai-quyet-bien-gioi",
        "Hiệp ước về nguyên tắc giải quyết vấn đề biên giới (Việt Nam - Campuchia)",
        "Hiệp ước về nguyên tắc giải quyết vấn đề biên giới giữa Việt Nam và Campuchia",
        "treaty",
        "viet-nam-campuchia",
        date(1983, 7, 20),
        None,
    ),
    (
        "hiep-uoc-quy-che-bien-gioi-quoc-gia",
        "Hiệp ước về quy chế biên giới quốc gia (Việt Nam - Campuchia)",
        "Hiệp ước về quy chế biên giới quốc gia giữa Việt Nam và Campuchia",
        "treaty",
        "viet-nam-campuchia",
        date(1983, 7, 20),
        None,
    ),
    (
        "hiep-uoc-hoach-dinh-bien-gioi-1985",
        "Hiệp ước hoạch định biên giới quốc gia năm 1985 (Việt Nam - Campuchia)",
        "Hiệp ước hoạch định biên giới quốc gia giữa Việt Nam và Campuchia năm 1985",
        "treaty",
        "viet-nam-campuchia",
        date(1985, 12, 27),
        None,
    ),
    (
        "hiep-uoc-bo-sung-2005",
        "Hiệp ước bổ sung năm 2005 (Việt Nam - Campuchia)",
        "Hiệp ước bổ sung Hiệp ước hoạch định biên giới quốc gia năm 1985 giữa nước "
        "Cộng hòa xã hội chủ nghĩa Việt Nam và Vương quốc Campuchia",
        "treaty",
        "viet-nam-campuchia",
        date(2005, 10, 10),
        None,
    ),
    (
        "nghi-dinh-thu-phan-gioi-cam-moc-viet-campuchia",
        "Nghị định thư phân giới cắm mốc (Việt Nam - Campuchia)",
        "Nghị định thư phân giới cắm mốc biên giới trên đất liền giữa nước Cộng hòa "
        "xã hội chủ nghĩa Việt Nam và Vương quốc Campuchia",
        "protocol",
        "viet-nam-campuchia",
        date(2019, 10, 5),
        None,
    ),
]

TOPICS = [
    "Văn bản pháp lý về biên giới",
    "Thông tin đối ngoại, hữu nghị",
    "Kinh tế, đầu tư, du lịch",
    "Phòng, chống dịch Covid-19",
    "Chống buôn lậu, xuất nhập cảnh trái phép",
    "Gương điển hình tiên tiến",
    "Đấu tranh phản bác luận điệu xuyên tạc",
    "Vận động cán bộ, Nhân dân",
]

# Article patterns: (kind, title pattern, topic index, intro pattern); one article is
# made for each treaty and pattern, alternating portals, so that every treaty, section
# and portal has articles.
ARTICLE_PATTERNS = [
    (
        "explainer",
        "Tìm hiểu {full_title}",
        0,
        "Nội dung, ý nghĩa và kết quả thực hiện {short}.",
    ),
    (
        "news",
        "Tuyên truyền kết quả thực hiện {short}",
        1,
        "Các hoạt động thông tin đối ngoại về {short} trong năm 2021.",
    ),
]

EXTRA_ARTICLES = [
    (
        "exemplary_model",
        "Gương điển hình giữ gìn đường biên, cột mốc trên tuyến {section}",
        5,
        "viet-nam-trung-quoc",
    ),
    (
        "rebuttal",
        "Phản bác luận điệu xuyên tạc về chủ quyền biên giới tuyến {section}",
        6,
        "viet-nam-campuchia",
    ),
    (
        "legal_guide",
        "Hỏi - đáp về quy chế quản lý biên giới tuyến {section}",
        0,
        "viet-nam-lao",
    ),
    (
        "news",
        "Hợp tác kinh tế, du lịch khu vực biên giới {section}",
        2,
        "viet-nam-lao",
    ),
]

BODY = (
    "<p>{intro}</p>"
    "<h2>Nội dung chính</h2>"
    "<p>Bài viết thuộc Kế hoạch tuyên truyền về công tác phân giới, cắm mốc và quản lý "
    "biên giới đất liền năm 2021, nhằm khẳng định chủ trương xây dựng tuyến biên giới "
    "hòa bình, hữu nghị, hợp tác cùng phát triển.</p>"
    "<ul><li>Nâng cao nhận thức của cán bộ, đảng viên và Nhân dân.</li>"
    "<li>Đấu tranh với thông tin sai sự thật, luận điệu xuyên tạc.</li></ul>"
)

SUPERUSER = {"username": "admin", "password": "borderplan-demo", "email": "admin@example.com"}

# --- The plan as data (section III of the seed) -------------------------------------

SEED_PLAN = {
    "title": "Kế hoạch tuyên truyền về công tác phân giới, cắm mốc và quản lý biên giới "
    "đất liền năm 2021",
    "issuing_body": "Sở Thông tin và Truyền thông tỉnh Hà Nam",
    "guidance": "Hướng dẫn số 14-HD/BTGTU ngày 22/02/2021 của Ban Tuyên giáo Tỉnh ủy",
    "year": 2021,
    "status": "closed",
}
# The same plan carried into the current year, so that the calendar shows planned,
# scheduled and overdue work around today.
CURRENT_PLAN_TITLE = (
    "Kế hoạch tuyên truyền về công tác phân giới, cắm mốc và quản lý biên giới đất liền năm {year}"
)

# (section slug, text, treaty slugs, topic indexes, target)
CONTENT_LINES = [
    (
        "viet-nam-trung-quoc",
        "Tuyên truyền nội dung, ý nghĩa, kết quả thực hiện Hiệp ước biên giới trên đất liền "
        "Việt Nam - Trung Quốc và 03 văn kiện pháp lý về biên giới; các Hiệp định về thác Bản "
        "Giốc - Đức Thiên và cửa sông Bắc Luân.",
        [
            "hiep-uoc-bien-gioi-viet-trung-1999",
            "nghi-dinh-thu-phan-gioi-cam-moc-viet-trung",
            "hiep-dinh-quy-che-quan-ly-bien-gioi-viet-trung",
            "hiep-dinh-cua-khau-viet-trung",
            "hiep-dinh-thac-ban-gioc-duc-thien",
            "hiep-dinh-cua-song-bac-luan",
        ],
        [0],
        8,
    ),
    (
        "viet-nam-trung-quoc",
        "Thông tin đối ngoại về quan hệ hữu nghị, giao lưu, kết nghĩa giữa các địa phương, "
        "cụm dân cư, đồn biên phòng hai nước.",
        [],
        [1],
        6,
    ),
    (
        "viet-nam-trung-quoc",
        "Quảng bá tiềm năng hợp tác kinh tế, đầu tư, du lịch; phối hợp phòng, chống dịch "
        "Covid-19 và chống buôn lậu, xuất nhập cảnh trái phép ở khu vực biên giới.",
        [],
        [2, 3, 4],
        6,
    ),
    (
        "viet-nam-trung-quoc",
        "Nhân rộng gương điển hình giữ gìn đường biên, cột mốc; đấu tranh phản bác luận điệu "
        "xuyên tạc về dân tộc, tôn giáo, chủ quyền biên giới.",
        [],
        [5, 6],
        4,
    ),
    (
        "viet-nam-lao",
        "Tuyên truyền việc thực thi Nghị định thư về đường biên giới và mốc quốc giới, Hiệp "
        "định về Quy chế quản lý biên giới và cửa khẩu, các Hiệp định Thương mại và tuyên bố "
        "chung của lãnh đạo cấp cao hai nước.",
        [
            "nghi-dinh-thu-duong-bien-gioi-moc-quoc-gioi-viet-lao",
            "hiep-dinh-quy-che-quan-ly-bien-gioi-cua-khau-viet-lao",
            "hiep-dinh-thuong-mai-song-phuong-viet-lao",
            "hiep-dinh-thuong-mai-bien-gioi-viet-lao",
            "tuyen-bo-chung-viet-lao",
        ],
        [0],
        8,
    ),
    (
        "viet-nam-lao",
        "Thông tin đối ngoại về quan hệ hữu nghị truyền thống, gắn bó thủy chung Việt Nam - "
        "Lào; hợp tác kinh tế, hạ tầng thương mại biên giới.",
        [],
        [1, 2],
        6,
    ),
    (
        "viet-nam-lao",
        "Vận động người dân bảo vệ đường biên, cột mốc; đấu tranh với buôn lậu, di cư tự do, "
        "kết hôn không giá thú; cập nhật Nghị quyết Đại hội XI Đảng NDCM Lào.",
        [],
        [4, 7],
        4,
    ),
    (
        "viet-nam-campuchia",
        "Tuyên truyền sâu rộng Hiệp ước bổ sung năm 2005 và Nghị định thư phân giới cắm mốc "
        "biên giới trên đất liền Việt Nam - Campuchia cùng các hiệp ước song phương.",
        [
            "hiep-uoc-hoa-binh-huu-nghi-hop-tac-viet-campuchia",
            "hiep-uoc-vung-nuoc-lich-su",
            "hiep-uoc-nguyen-tac-giai-quyet-bien-gioi",
            "hiep-uoc-quy-che-bien-gioi-quoc-gia",
            "hiep-uoc-hoach-dinh-bien-gioi-1985",
            "hiep-uoc-bo-sung-2005",
            "nghi-dinh-thu-phan-gioi-cam-moc-viet-campuchia",
        ],
        [0],
        8,
    ),
    (
        "viet-nam-campuchia",
        "Thông tin đối ngoại về quan hệ hữu nghị, kết quả phân giới, cắm mốc; phát triển kinh "
        "tế, văn hóa, du lịch khu vực biên giới.",
        [],
        [1, 2],
        6,
    ),
]

# (name, short name, kind, parent name)
DEPARTMENT = "Sở Thông tin và Truyền thông tỉnh Hà Nam"
UNITS = [
    (DEPARTMENT, "Sở TT&TT", "department", None),
    ("Phòng Thông tin - Báo chí - Xuất bản", "Phòng TT-BC-XB", "division", DEPARTMENT),
    (
        "Phòng Bưu chính - Viễn thông - Công nghệ thông tin",
        "Phòng BC-VT-CNTT",
        "division",
        DEPARTMENT,
    ),
    (
        "Trung tâm Công nghệ thông tin và Truyền thông",
        "Trung tâm CNTT&TT",
        "ict_centre",
        DEPARTMENT,
    ),
    ("Báo Hà Nam", "Báo Hà Nam", "press_agency", None),
    ("Đài Phát thanh và Truyền hình Hà Nam", "Đài PT-TH Hà Nam", "press_agency", None),
    (
        "Cơ quan quản lý cổng/trang thông tin điện tử tổng hợp, xuất bản bản tin",
        "Cổng/trang TTĐT, bản tin",
        "portal_manager",
        None,
    ),
    ("UBND thành phố Phủ Lý", "UBND TP Phủ Lý", "district_committee", None),
    ("UBND thị xã Duy Tiên", "UBND TX Duy Tiên", "district_committee", None),
    ("UBND huyện Kim Bảng", "UBND H. Kim Bảng", "district_committee", None),
    ("UBND huyện Thanh Liêm", "UBND H. Thanh Liêm", "district_committee", None),
    ("UBND huyện Bình Lục", "UBND H. Bình Lục", "district_committee", None),
    ("UBND huyện Lý Nhân", "UBND H. Lý Nhân", "district_committee", None),
    ("UBND các xã, phường, thị trấn", "UBND cấp xã", "commune_committee", None),
]
DISTRICTS = ["Phủ Lý", "Duy Tiên", "Kim Bảng", "Thanh Liêm", "Bình Lục", "Lý Nhân"]

# (name, short name, kind, portal or None, managing unit)
CHANNELS = [
    (
        PROVINCIAL_PORTAL["site_name"],
        "Cổng tỉnh",
        "portal",
        PROVINCIAL_PORTAL,
        "Phòng Bưu chính - Viễn thông - Công nghệ thông tin",
    ),
    (
        DEPARTMENT_PORTAL["site_name"],
        "Cổng Sở",
        "portal",
        DEPARTMENT_PORTAL,
        "Trung tâm Công nghệ thông tin và Truyền thông",
    ),
    *[
        (
            f"Cổng Thông tin điện tử {'thành phố' if d == 'Phủ Lý' else 'thị xã' if d == 'Duy Tiên' else 'huyện'} {d}",
            f"Cổng {d}",
            "portal",
            None,
            None,
        )
        for d in DISTRICTS
    ],
    (
        "Bản tin của các cơ quan, đơn vị trên địa bàn tỉnh",
        "Bản tin",
        "bulletin",
        None,
        "Cơ quan quản lý cổng/trang thông tin điện tử tổng hợp, xuất bản bản tin",
    ),
    ("Báo Hà Nam", "Báo Hà Nam", "press", None, "Báo Hà Nam"),
    (
        "Đài Phát thanh và Truyền hình Hà Nam",
        "Đài PT-TH",
        "press",
        None,
        "Đài Phát thanh và Truyền hình Hà Nam",
    ),
    ("Đài truyền thanh cấp huyện (tiếp sóng)", "Truyền thanh huyện", "district_radio", None, None),
    (
        "Đài truyền thanh cấp xã (tiếp sóng)",
        "Truyền thanh xã",
        "commune_radio",
        None,
        "UBND các xã, phường, thị trấn",
    ),
]

# Entry title patterns of the current year's plan, cycled over its content lines.
ENTRY_TITLES = [
    "Tin: hoạt động tuyên truyền {topic}",
    "Bài: {section} - {topic}",
    "Phóng sự: {topic} trên tuyến {section}",
    "Hỏi - đáp: {topic}",
]

# Collecting news: the press agencies the ICT centre takes items from. They are
# inactive in the demo (it has no internet to fetch from); the collected article below
# shows what an item becomes.
FEED_SOURCES = [
    ("Báo Hà Nam", "https://baohanam.com.vn/rss/chinh-tri.rss", "viet-nam-trung-quoc"),
    ("Đài Phát thanh và Truyền hình Hà Nam", "https://hanamtv.vn/rss/thoi-su.rss", None),
]
COLLECTING_GROUP = "Trung tâm CNTT&TT - thu thập tin"
COLLECTED_ARTICLE = {
    "key": "demo:baohanam:moc-quoc-gioi",
    "title": "Tuyên truyền về mốc quốc giới tại các xã biên giới",
    "source": "Báo Hà Nam",
    "url": "https://baohanam.com.vn/chinh-tri/tuyen-truyen-moc-quoc-gioi.html",
    # As pasted from a press site: styles, a script and a share button; all removed.
    "html": (
        '<div class="detail" style="font-family:Arial"><p class="sapo"><strong>Các '
        "đồn Biên phòng phối hợp với chính quyền địa phương tuyên truyền Nghị định thư "
        "phân giới cắm mốc.</strong></p><p>Nhân dân được phổ biến về vị trí các mốc quốc "
        "giới và trách nhiệm bảo vệ mốc.</p><script>shareButtons()</script>"
        '<p><a href="https://baohanam.com.vn/" onclick="track()">Báo Hà Nam</a></p>'
        '<div class="share"><button>Chia sẻ</button></div></div>'
    ),
}

# --- Deliveries: the radio stations that relay the provincial programmes (issue 12) ---
# Section III: each district-level station relays the programmes of Đài PT-TH Hà Nam,
# and each commune station relays them "đầy đủ" (in full). Two communes per district:
# real wards, towns and communes of Hà Nam in 2021 (before the 2025 mergers); a real
# province has about a hundred, two each are enough to show completeness.
# (district committee, station, short name, [(commune, ward or town kind, name)])
# The provincial station's monthly programme, relayed by every district and commune
# station (section III of the seed: "tiếp sóng đầy đủ").
PROGRAMME_UNIT = "Đài Phát thanh và Truyền hình Hà Nam"
PROGRAMME_TITLE = "Chuyên mục «Biên giới Tổ quốc» tháng {month:02d}/{year}: tiếp sóng"

RADIO_STATIONS = [
    (
        "UBND thành phố Phủ Lý",
        "Đài Truyền thanh thành phố Phủ Lý",
        "Đài TT TP Phủ Lý",
        [("phường", "Lam Hạ"), ("xã", "Phù Vân")],
    ),
    (
        "UBND thị xã Duy Tiên",
        "Đài Truyền thanh thị xã Duy Tiên",
        "Đài TT TX Duy Tiên",
        [("phường", "Hòa Mạc"), ("xã", "Mộc Bắc")],
    ),
    (
        "UBND huyện Kim Bảng",
        "Đài Truyền thanh huyện Kim Bảng",
        "Đài TT H. Kim Bảng",
        [("thị trấn", "Quế"), ("xã", "Tượng Lĩnh")],
    ),
    (
        "UBND huyện Thanh Liêm",
        "Đài Truyền thanh huyện Thanh Liêm",
        "Đài TT H. Thanh Liêm",
        [("thị trấn", "Kiện Khê"), ("xã", "Thanh Hà")],
    ),
    (
        "UBND huyện Bình Lục",
        "Đài Truyền thanh huyện Bình Lục",
        "Đài TT H. Bình Lục",
        [("thị trấn", "Bình Mỹ"), ("xã", "An Nội")],
    ),
    (
        "UBND huyện Lý Nhân",
        "Đài Truyền thanh huyện Lý Nhân",
        "Đài TT H. Lý Nhân",
        [("thị trấn", "Vĩnh Trụ"), ("xã", "Chân Lý")],
    ),
]
COMMUNE_STATION = "Đài truyền thanh {kind} {name}"
COMMUNE_STATION_SHORT = "Đài TT {name}"
# Stations that often miss or run late, so the reports show a mixed picture.
WEAK_STATIONS = {"Đài Truyền thanh huyện Bình Lục", "Đài truyền thanh xã Mộc Bắc"}
# (on time, late, missing, cancelled) weights, in percent.
RELIABLE_ODDS = (86, 7, 5, 2)
WEAK_ODDS = (55, 20, 22, 3)
DELIVERY_NOTES = [
    "Tiếp sóng chương trình của Đài PT-TH Hà Nam trên hệ thống loa truyền thanh.",
    "Phát lại chương trình vào buổi chiều cùng ngày.",
    "Tiếp sóng đầy đủ; nhân dân các thôn, xóm nghe rõ.",
    "Phát trong bản tin thời sự địa phương.",
]
LATE_NOTES = [
    "Phát bù do mất điện đúng giờ tiếp sóng.",
    "Phát bù sau khi sửa chữa cụm loa.",
]
CANCELLED_NOTES = [
    "Không tiếp sóng: hệ thống truyền thanh đang được sửa chữa.",
    "Không tiếp sóng: trùng lịch phát thông báo phòng, chống dịch Covid-19.",
]
# The bulletin's 2021 issues, (number, date): each carries the articles of the weeks up
# to its date (the last on that very day, the others reprinted late). Both are Mondays,
# an article's day.
BULLETIN_ISSUES = [("01/2021", date(2021, 3, 29)), ("02/2021", date(2021, 6, 28))]
ARTICLES_PER_ISSUE = 3
# The commune station whose confirmation link the demo prints.
LINKED_STATION = "Đài truyền thanh xã Chân Lý"
LINK_NAME = "Điện thoại trực đài (bản demo)"

# --- Editions for readers across the border and in the world (issue 13) --------------
# Short texts written for the demo by machine translation, and marked as such on every
# page; a province's translators would write their own.

EDITION_LANGUAGES = ["en", "zh-hans", "lo", "km"]

MACHINE_TRANSLATION_NOTE = {
    "en": "Machine translation, written for the demo.",
    "zh-hans": "机器翻译，仅供演示。",
    "lo": "ການແປດ້ວຍເຄື່ອງ, ສຳລັບການສາທິດເທົ່ານັ້ນ.",
    "km": "ការបកប្រែដោយម៉ាស៊ីន សម្រាប់តែការបង្ហាញសាកល្បងប៉ុណ្ណោះ។",
}

# The provincial portal in each language: (home page title, border index title).
PORTAL_IN = {
    "en": ("Hà Nam Provincial Portal", "Border demarcation, marker planting and management"),
    "zh-hans": ("越南河南省门户网站", "边界勘界、立碑与管理"),
    "lo": ("ປະຕູຂໍ້ມູນແຂວງຮ່ານາມ", "ການປັກຫຼັກໝາຍ ແລະ ຄຸ້ມຄອງຊາຍແດນ"),
    "km": ("វិបផតថលខេត្តហាណាម", "ការបោះបង្គោល និងគ្រប់គ្រងព្រំដែន"),
}

# Section slug -> {language: (name, slug)}
SECTION_NAMES = {
    "viet-nam-trung-quoc": {
        "en": ("Viet Nam – China", "viet-nam-china"),
        "zh-hans": ("越南—中国", "viet-nam-china"),
    },
    "viet-nam-lao": {
        "en": ("Viet Nam – Laos", "viet-nam-laos"),
        "lo": ("ຫວຽດນາມ - ລາວ", "viet-nam-laos"),
    },
    "viet-nam-campuchia": {
        "en": ("Viet Nam – Cambodia", "viet-nam-cambodia"),
        "km": ("វៀតណាម - កម្ពុជា", "viet-nam-cambodia"),
    },
}

# Treaty slug -> {language: (short name, slug, official title)}
TREATY_NAMES = {
    "hiep-uoc-bien-gioi-viet-trung-1999": {
        "en": (
            "Viet Nam – China Land Border Treaty",
            "viet-nam-china-land-border-treaty",
            "Land Border Treaty between the Socialist Republic of Viet Nam and the "
            "People's Republic of China",
        ),
        "zh-hans": (
            "中越陆地边界条约",
            "viet-nam-china-land-border-treaty",
            "中华人民共和国和越南社会主义共和国陆地边界条约",
        ),
    },
    "hiep-uoc-bo-sung-2005": {
        "en": (
            "2005 Supplementary Treaty (Viet Nam – Cambodia)",
            "supplementary-treaty-2005",
            "Supplementary Treaty to the 1985 Treaty on the Delimitation of the National "
            "Boundary between the Socialist Republic of Viet Nam and the Kingdom of Cambodia",
        ),
        "km": (
            "សន្ធិសញ្ញាបំពេញបន្ថែមឆ្នាំ ២០០៥",
            "supplementary-treaty-2005",
            "សន្ធិសញ្ញាបំពេញបន្ថែមលើសន្ធិសញ្ញាកំណត់ព្រំដែនរដ្ឋឆ្នាំ ១៩៨៥ "
            "រវាងសាធារណរដ្ឋសង្គមនិយមវៀតណាម និងព្រះរាជាណាចក្រកម្ពុជា",
        ),
    },
}


def _explainer_of(treaty_slug: str) -> str:
    """The title of the demo's explainer of a treaty (ARTICLE_PATTERNS' first)."""
    full_title = next(row[2] for row in TREATIES if row[0] == treaty_slug)
    return ARTICLE_PATTERNS[0][1].format(full_title=full_title)


# Original article's title -> {language: (title, introduction)}; all on the provincial
# portal, which the demo translates.
EDITIONS = {
    _explainer_of("hiep-uoc-bien-gioi-viet-trung-1999"): {
        "en": (
            "Understanding the Land Border Treaty between Viet Nam and China",
            "What the Viet Nam – China Land Border Treaty says, why it matters and what "
            "its implementation has achieved.",
        ),
        "zh-hans": ("了解中越陆地边界条约", "中越陆地边界条约的内容、意义和实施成果。"),
    },
    "Hỏi - đáp về quy chế quản lý biên giới tuyến Việt Nam - Lào": {
        "en": (
            "Questions and answers on the border regulations along the Viet Nam – Laos border",
            "What residents and visitors need to know about the rules of the Viet Nam – "
            "Laos border area.",
        ),
        "lo": (
            "ຖາມ-ຕອບ ກ່ຽວກັບລະບຽບການຄຸ້ມຄອງຊາຍແດນ ຫວຽດນາມ - ລາວ",
            "ສິ່ງທີ່ປະຊາຊົນ ແລະ ນັກທ່ອງທ່ຽວຄວນຮູ້ກ່ຽວກັບລະບຽບການຊາຍແດນ ຫວຽດນາມ - ລາວ.",
        ),
    },
    _explainer_of("hiep-uoc-bo-sung-2005"): {
        "en": (
            "Understanding the 2005 Supplementary Treaty between Viet Nam and Cambodia",
            "The treaty that completed the 1985 delimitation of the Viet Nam – Cambodia "
            "border, and the marker planting that followed.",
        ),
        "km": (
            "ស្វែងយល់អំពីសន្ធិសញ្ញាបំពេញបន្ថែមឆ្នាំ ២០០៥ រវាងវៀតណាម និងកម្ពុជា",
            "សន្ធិសញ្ញាដែលបំពេញបន្ថែមការកំណត់ព្រំដែនឆ្នាំ ១៩៨៥ និងការបោះបង្គោលព្រំដែនបន្ទាប់មក។",
        ),
    },
}


# The editions as planned work: the entries of the translated 2021 articles plan the
# languages they were translated into, each due this many days after the entry's day (the translations went
# live two days after the original: the Lao one, due the next day, is late). The next
# articles plan an English edition that was never made: missed.
EDITION_DUE_DAYS = {"en": 3, "zh-hans": 3, "lo": 1, "km": 2}
UNTRANSLATED_ENGLISH = 4
