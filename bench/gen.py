#!/usr/bin/env python3
"""Seeded generator of a Vietnamese handbook corpus for build benchmarks.

One corpus model (parts -> chapters of ~20 pages -> pages) is written four times, once per
generator, so that every tool builds the same Markdown:

    <out>/sotay/   sotay.toml + content/            (links: relative .md paths, checked by sotay)
    <out>/hugo/    config.toml + content/ + themes/ (links: absolute URLs; Goldmark leaves .md alone)
    <out>/zola/    config.*.toml + content/ + themes/ (links: @/path.md, resolved and checked by Zola)
    <out>/mdbook/  book.toml + src/SUMMARY.md + src/  (links: relative .md paths, rewritten by mdBook)

Pages carry TOML front matter, NFC Vietnamese text with diacritics, headings with explicit ids,
tables with sotay's "Bảng:" captions, bullet and numbered lists, footnotes, GFM callouts, links
between pages (some to a heading anchor) and, on about one page in eight, a code block.
Hugo and Zola each get two template sets (themes). `minimal` draws the article, the breadcrumbs
and previous/next links only. `layout` draws the page sotay's theme draws, minus its search box,
scripts and print bundle: the sidebar (every part, the chapters of the page's part, the pages of
its chapter), breadcrumbs, lead, table of contents, previous and next.
The same (pages, seed) always gives byte-identical files; the model was tuned so that the
Markdown averages about 6 KB a page, the size of a page of the real handbook's chapters.

Usage: gen.py --pages 10000 --seed 1 --out /tmp/sotay-bench/corpus-10000
"""

import argparse
import math
import os
import random
import shutil
import unicodedata

# Bump when the generated text changes, so cached corpora are regenerated.
GENERATOR_VERSION = 5

SUBJECTS = [
    "doanh nghiệp", "nhà máy", "cơ sở sản xuất", "bộ phận kỹ thuật", "ban giám đốc",
    "đội sản xuất sạch hơn", "người vận hành lò hơi", "tổ bảo dưỡng", "hợp tác xã chè",
    "xưởng sấy cà phê", "cơ sở chế biến rau quả", "làng nghề dệt thổ cẩm", "hộ kinh doanh",
    "Sở Công Thương", "Trung tâm Khuyến công", "cán bộ môi trường", "công nhân ca đêm",
    "nhà cung cấp thiết bị", "tư vấn viên SXSH", "phòng thí nghiệm", "bếp ăn tập thể",
    "nhà máy chế biến sữa", "cơ sở ươm tơ", "xưởng cơ khí", "trang trại hoa Đà Lạt",
]
MODALS = ["cần", "nên", "có thể", "phải", "được khuyến khích", "đã", "sẽ", "thường"]
VERBS = [
    "kiểm tra định kỳ", "đo và ghi chép", "thay thế", "bảo ôn", "thu hồi", "tái sử dụng",
    "cải tiến", "giảm", "tiết kiệm", "theo dõi hằng ngày", "đánh giá lại", "lắp đặt",
    "vận hành đúng cách", "bảo dưỡng", "phân loại", "lập kế hoạch giảm", "tính toán",
    "kiểm soát chặt chẽ", "sửa chữa kịp thời", "tối ưu hóa", "chuẩn hóa", "công khai",
]
OBJECTS = [
    "lượng nước tiêu thụ", "điện năng", "nhiên liệu đốt", "nước ngưng", "chất thải rắn",
    "khí thải lò hơi", "hơi nước rò rỉ", "nguyên liệu đầu vào", "hóa chất tẩy rửa", "bao bì",
    "bã cà phê", "vỏ hạt điều", "nhiệt thừa", "chi phí vận hành", "tổn thất áp suất",
    "đường ống dẫn hơi", "động cơ điện", "máy nén khí", "hệ thống chiếu sáng", "củi và than",
    "nước thải sản xuất", "bùn thải", "tro xỉ", "mùi hôi", "tiếng ồn", "sản phẩm hỏng",
    "năng suất lao động", "hiệu suất lò hơi", "hệ số công suất", "nước làm mát",
]
COMPLEMENTS = [
    "trong từng ca sản xuất", "theo hướng dẫn của nhà sản xuất", "ít nhất mỗi tháng một lần",
    "trước khi đầu tư thiết bị mới", "để giảm tổn thất nhiệt", "nhằm tiết kiệm chi phí",
    "theo QCVN 40:2011/BTNMT", "với thời gian hoàn vốn dưới hai năm",
    "tại các doanh nghiệp vừa và nhỏ ở Lâm Đồng", "so với cùng kỳ năm trước",
    "mà không cần vốn đầu tư lớn", "vào mùa khô", "khi giá điện giờ cao điểm tăng",
    "theo Quyết định 1419/QĐ-TTg", "dưới sự hướng dẫn của tư vấn viên", "ngay tại chỗ",
    "bằng các biện pháp quản lý nội vi", "trong suốt vụ thu hoạch", "ở mọi công đoạn",
]
CONNECTORS = [
    "Theo kết quả đánh giá nhanh,", "Trên thực tế,", "Vì vậy,", "Ngoài ra,", "Tuy nhiên,",
    "Kinh nghiệm cho thấy", "Trong nhiều trường hợp,", "Sau khi áp dụng giải pháp,",
    "Ở Bảo Lộc và Di Linh,", "Đối với ngành chế biến nông sản,", "Nói chung,",
]
NUMBERS = [
    "1.500 tấn", "3,5 %", "12 triệu đồng", "0,6592 tCO₂/MWh", "250 kWh", "18 m³/ngày",
    "7,6 tỷ đồng", "15–20 %", "2.400 giờ", "45 °C", "8 bar", "155 triệu đồng", "30 %",
]
TOPICS = [
    "tiết kiệm điện", "thu hồi nước ngưng", "quản lý nội vi", "bảo ôn đường ống",
    "giảm tiêu thụ nước", "xử lý nước thải", "tận dụng phụ phẩm", "lò hơi đốt sinh khối",
    "máy nén khí", "chiếu sáng hiệu quả", "biến tần cho động cơ", "sấy nông sản",
    "chế biến chè", "chế biến cà phê", "ươm tơ", "chế biến sữa", "năng lượng mặt trời",
    "phân loại chất thải", "đánh giá nhanh", "lập kế hoạch hành động", "đo đếm năng lượng",
    "an toàn hóa chất", "giảm tổn thất nhiệt", "kiểm toán năng lượng", "đào tạo công nhân",
]
TITLE_PATTERNS = [
    "Giải pháp {t}", "Hướng dẫn {t}", "Kinh nghiệm {t} ở {place}", "Các bước {t}",
    "Câu hỏi thường gặp về {t}", "Ví dụ tính toán: {t}", "Lợi ích của {t}", "{T} trong thực tế",
    "Phiếu kiểm tra {t}", "Sai lầm thường gặp khi {t}",
]
PLACES = ["Đà Lạt", "Bảo Lộc", "Di Linh", "Đức Trọng", "Lâm Hà", "Đơn Dương", "Cát Tiên"]
HEADINGS = [
    "Mục tiêu", "Hiện trạng", "Nguyên nhân gây lãng phí", "Giải pháp đề xuất", "Chi phí và lợi ích",
    "Cách thực hiện", "Kết quả đạt được", "Lưu ý khi áp dụng", "Số liệu tham khảo",
    "Trách nhiệm của các bộ phận", "Theo dõi và duy trì", "Bài học kinh nghiệm",
]
SUBHEADINGS = [
    "Chuẩn bị", "Đo đạc ban đầu", "Triển khai", "Đánh giá hiệu quả", "Rủi ro", "Ví dụ",
]
CODE_BLOCKS = [
    ("python", "# Tính thời gian hoàn vốn giản đơn (năm)\nvon_dau_tu = 155_000_000  # đồng\n"
     "tiet_kiem_nam = 96_000_000  # đồng/năm\nhoan_von = von_dau_tu / tiet_kiem_nam\n"
     "print(f\"Thời gian hoàn vốn: {hoan_von:.1f} năm\")\n"),
    ("json", "{\n  \"thiet_bi\": \"lò hơi 2 tấn/giờ\",\n  \"nhien_lieu\": \"củi\",\n"
     "  \"hieu_suat\": 0.72,\n  \"gio_van_hanh\": 2400\n}\n"),
    ("bash", "# Sao lưu số liệu đo điện mỗi tối\nfor f in so-lieu/*.csv; do\n"
     "  cp \"$f\" \"sao-luu/$(date +%F)-$(basename \"$f\")\"\ndone\n"),
    ("yaml", "ca_san_xuat:\n  - ten: ca sáng\n    dien_kwh: 1250\n  - ten: ca chiều\n"
     "    dien_kwh: 1180\nghi_chu: đo bằng công tơ tổng\n"),
    ("sql", "SELECT thang, SUM(dien_kwh) AS tong_dien\nFROM so_lieu_do\n"
     "WHERE nam = 2026\nGROUP BY thang\nORDER BY thang;\n"),
    ("text", "Bước 1: Khởi động nhóm đánh giá\nBước 2: Phân tích công đoạn\n"
     "Bước 3: Đề xuất giải pháp\nBước 4: Chọn giải pháp khả thi\n"),
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def slugify(text):
    """ASCII slug: strip Vietnamese marks, đ -> d, lowercase, dashes."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    out, dash = [], False
    for c in text.lower():
        if c.isascii() and c.isalnum():
            out.append(c)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def roman(n):
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    s = ""
    for v, r in vals:
        while n >= v:
            s += r
            n -= v
    return s


class Doc:
    """One document of the model: home, part, chapter or page."""

    def __init__(self, kind, path, title, weight, parent):
        self.kind = kind          # "home" | "part" | "chapter" | "page"
        self.path = path          # path inside content/, e.g. "phan-01/chuong-001/_index.md"
        self.title = title
        self.weight = weight
        self.parent = parent
        self.children = []
        self.headings = []        # [(level, text, id)]
        self.description = ""
        self.blocks = []          # body as a list of ("md", text) / ("link", target, anchor, label)

    def url(self):
        """The public URL all four tools agree on (mdBook aside)."""
        p = self.path[:-3]
        if p.endswith("_index"):
            p = p[: -len("_index")]
        else:
            p += "/"
        return "/" + p


def cap(s):
    return s[:1].upper() + s[1:]


class Writer:
    def __init__(self, rng):
        self.rng = rng

    def sentence(self, plain=False):
        r = self.rng
        kind = r.random()
        if kind < 0.45:
            s = f"{cap(r.choice(SUBJECTS))} {r.choice(MODALS)} {r.choice(VERBS)} {r.choice(OBJECTS)} {r.choice(COMPLEMENTS)}"
        elif kind < 0.7:
            s = (f"{r.choice(CONNECTORS)} {r.choice(SUBJECTS)} {r.choice(MODALS)} {r.choice(VERBS)} "
                 f"{r.choice(OBJECTS)}, nhờ đó {r.choice(OBJECTS)} giảm khoảng {r.choice(NUMBERS)}")
        elif kind < 0.85:
            s = (f"Khi {r.choice(OBJECTS)} vượt quá {r.choice(NUMBERS)}, {r.choice(SUBJECTS)} "
                 f"{r.choice(MODALS)} {r.choice(VERBS)} {r.choice(OBJECTS)}")
        else:
            s = (f"Mỗi năm, {r.choice(SUBJECTS)} tiết kiệm được {r.choice(NUMBERS)} "
                 f"nhờ {r.choice(VERBS)} {r.choice(OBJECTS)} {r.choice(COMPLEMENTS)}")
        # Some inline emphasis and code, as authors write.
        x = r.random()
        if plain:
            pass
        elif x < 0.08:
            obj = next((o for o in OBJECTS if f" {o}" in s), None)
            if obj:
                s = s.replace(f" {obj}", f" **{obj}**", 1)
        elif x < 0.12:
            s += f" (mã `{r.choice(['SXSH-01', 'QĐ 23', 'TCVN 7391', 'kWh/tấn'])}`)"
        return s + "."

    def paragraph(self, lo=3, hi=6):
        return " ".join(self.sentence() for _ in range(self.rng.randint(lo, hi)))

    def bullet_list(self, numbered=False):
        items = []
        for i in range(self.rng.randint(4, 7)):
            mark = f"{i + 1}." if numbered else "-"
            items.append(f"{mark} {self.sentence()}")
        return "\n".join(items)

    def table(self, table_id):
        r = self.rng
        topic = r.choice(TOPICS)
        rows = [f"Bảng: Số liệu {topic} tại {r.choice(PLACES)} {{#{table_id}}}", "",
                "| Hạng mục | Trước khi áp dụng | Sau khi áp dụng | Ghi chú |",
                "|---|---:|---:|---|"]
        for _ in range(r.randint(4, 8)):
            rows.append(f"| {cap(r.choice(OBJECTS))} | {r.choice(NUMBERS)} | {r.choice(NUMBERS)} | "
                        f"{cap(r.choice(COMPLEMENTS))} |")
        return "\n".join(rows)


def build_model(n_pages, seed):
    """Plans the tree: about n_pages documents in total (home, parts, chapters and pages)."""
    rng = random.Random(seed)
    n_chapters = max(1, round(n_pages / 21))
    n_parts = max(1, round(math.sqrt(n_chapters)))
    n_leaf = max(n_chapters, n_pages - 1 - n_parts - n_chapters)
    home = Doc("home", "_index.md", "Sổ tay sản xuất sạch hơn (bộ thử hiệu năng)", 0, None)
    docs = [home]
    chapter_no = 0
    leaf_left = n_leaf
    for p in range(n_parts):
        part_dir = f"phan-{p + 1:02d}"
        topic = TOPICS[p % len(TOPICS)]
        part = Doc("part", f"{part_dir}/_index.md", f"{cap(topic)} trong doanh nghiệp", p + 1, home)
        home.children.append(part)
        docs.append(part)
        chapters_here = n_chapters // n_parts + (1 if p < n_chapters % n_parts else 0)
        for c in range(chapters_here):
            chapter_no += 1
            ch_dir = f"{part_dir}/chuong-{chapter_no:03d}"
            title = f"{cap(rng.choice(TOPICS))} ở {rng.choice(PLACES)}"
            chapter = Doc("chapter", f"{ch_dir}/_index.md", title, c + 1, part)
            part.children.append(chapter)
            docs.append(chapter)
            chapters_left = n_chapters - chapter_no + 1
            pages_here = leaf_left // chapters_left
            leaf_left -= pages_here
            for k in range(pages_here):
                t = rng.choice(TOPICS)
                title = rng.choice(TITLE_PATTERNS).format(t=t, T=cap(t), place=rng.choice(PLACES))
                slug = slugify(title)[:48].rstrip("-")
                page = Doc("page", f"{ch_dir}/{k + 1:02d}-{slug}.md", title, k + 1, chapter)
                chapter.children.append(page)
                docs.append(page)
    # Headings first, so that links can point at anchors of pages not written yet.
    for d in docs:
        count = {"home": 2, "part": 2, "chapter": 3}.get(d.kind) or rng.randint(3, 5)
        heads = rng.sample(HEADINGS, count)
        for h in heads:
            d.headings.append((2, h, slugify(h)))
            if d.kind == "page" and rng.random() < 0.5:
                sub = rng.choice(SUBHEADINGS)
                d.headings.append((3, sub, None))
    pages = [d for d in docs if d.kind == "page"]
    w = Writer(rng)
    for d in docs:
        write_body(d, docs, pages, w, rng)
    return docs


def write_body(d, docs, pages, w, rng):
    d.description = w.sentence(plain=True)
    b = d.blocks
    b.append(("md", w.paragraph(2, 4)))
    if d.kind == "home":
        b.append(("md", "Sổ tay này được tạo tự động để đo tốc độ tạo trang web."))
    notes = []
    table_no = 0
    h3_used = {}
    for level, text, hid in d.headings:
        if level == 2:
            b.append(("md", f"## {text} {{#{hid}}}"))
        else:
            # Explicit ids keep level-3 headings unique on the page for every tool.
            n = h3_used.get(text, 0) + 1
            h3_used[text] = n
            b.append(("md", f"### {text} {{#{slugify(text)}-{n}-{len(b)}}}"))
        for _ in range(rng.randint(1, 2)):
            para = w.paragraph()
            if rng.random() < 0.35:
                num = len(notes) + 1
                notes.append(num)
                para = para[:-1] + f"[^{num}]."
            b.append(("md", para))
        if d.kind == "page" or rng.random() < 0.3:
            x = rng.random()
            if x < 0.3:
                b.append(("md", w.bullet_list()))
            elif x < 0.45:
                b.append(("md", w.bullet_list(numbered=True)))
            elif x < 0.6 and table_no < 2:
                table_no += 1
                b.append(("md", w.table(f"bang-{table_no}")))
            elif x < 0.68:
                kind = rng.choice(["NOTE", "TIP", "WARNING"])
                b.append(("md", f"> [!{kind}]\n> {w.sentence()}"))
        if rng.random() < 0.45:
            target = link_target(d, pages, rng)
            anchor = None
            if rng.random() < 0.5:
                anchor = rng.choice([h[2] for h in target.headings if h[2]])
            b.append(("link", target, anchor, w.sentence()[:-1]))
    if d.kind == "page" and rng.random() < 0.125:
        lang, code = rng.choice(CODE_BLOCKS)
        b.insert(rng.randrange(1, len(b)), ("md", f"```{lang}\n{code}```"))
    if d.kind in ("part", "chapter"):
        b.append(("md", "Các trang trong mục này:"))
        b.append(("children",))
    for num in notes:
        b.append(("md", f"[^{num}]: Nguồn: báo cáo đánh giá SXSH của {rng.choice(SUBJECTS)}, "
                        f"{rng.choice(PLACES)}, năm {rng.randint(2015, 2026)}."))


def link_target(d, pages, rng):
    """Mostly a page of the same chapter; sometimes any page of the handbook."""
    siblings = d.parent.children if d.parent is not None else []
    same = [s for s in siblings if s is not d and s.kind == "page"]
    if same and rng.random() < 0.7:
        return rng.choice(same)
    t = rng.choice(pages)
    return t if t is not d else pages[0]


# ---- writers, one per tool -------------------------------------------------------------


def link_dest(tool, src, target, anchor):
    frag = f"#{anchor}" if anchor else ""
    if tool in ("sotay", "mdbook"):
        rel = os.path.relpath(target.path, os.path.dirname(src.path) or ".")
        dest = rel + frag
    elif tool == "zola":
        dest = f"@/{target.path}{frag}"
    else:  # hugo: Goldmark does not rewrite .md links; use the final URL
        dest = target.url() + frag
    return dest


def body(tool, d):
    parts = []
    for blk in d.blocks:
        if blk[0] == "md":
            parts.append(blk[1])
        elif blk[0] == "link":
            parts.append(f"Xem thêm [{blk[3]}]({link_dest(tool, d, blk[1], blk[2])}).")
        elif blk[0] == "children":
            parts.append("\n".join(f"- [{c.title}]({link_dest(tool, d, c, None)})"
                                   for c in d.children[:30]))
    return "\n\n".join(parts) + "\n"


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def front_matter(tool, d):
    lines = ["+++", f"title = {toml_str(d.title)}"]
    if d.weight:
        lines.append(f"weight = {d.weight}")
    lines.append(f"description = {toml_str(d.description)}")
    if tool == "zola" and d.kind != "page":
        lines.append('sort_by = "weight"')
    if tool in ("sotay", "hugo") and d.kind == "page" and d.weight % 3 == 0:
        lines.append('updated = "2026-05-01"')
    lines.append("+++")
    return "\n".join(lines) + "\n\n"


def write_file(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(unicodedata.normalize("NFC", text))


def write_sotay(docs, out):
    root = os.path.join(out, "sotay")
    write_file(os.path.join(root, "sotay.toml"),
               'title = "Sổ tay sản xuất sạch hơn (bộ thử hiệu năng)"\n'
               'description = "Bộ dữ liệu tạo tự động để đo tốc độ của sotay"\n'
               'base_url = "https://example.org/"\nlanguage = "vi"\n')
    for d in docs:
        write_file(os.path.join(root, "content", d.path), front_matter("sotay", d) + body("sotay", d))


HUGO_BASEOF = """<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Site.Params.description }}{{ end }}">
</head>
<body>
<header><a href="/">{{ .Site.Title }}</a></header>
<nav aria-label="Đường dẫn">{{ range .Ancestors.Reverse }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> › {{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ .Content }}</article>
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ .Content }}</article>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
"""


# The "layout" templates draw the page sotay's theme draws, without its search box, scripts
# and print bundle: the sidebar (every part; the chapters of the page's part; the pages of its
# chapter), breadcrumbs, the lead, the table of contents, previous and next.
HUGO_LAYOUT_BASEOF = """<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Site.Params.description }}{{ end }}">
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header class="site-header"><a href="/">{{ .Site.Title }}</a></header>
<div class="layout">
<nav class="sidebar" aria-label="Mục lục"><a href="/">Trang chủ</a>
{{ partial "nav.html" . }}</nav>
<main>
<nav class="breadcrumbs" aria-label="Đường dẫn"><ol>{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol></nav>
{{ block "main" . }}{{ end }}</main>
</div>
<footer class="site-footer"><p>{{ .Site.Title }}</p></footer>
</body>
</html>
"""
HUGO_LAYOUT_NAV = """{{ $cur := . }}<ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}"{{ if eq . $cur }} aria-current="page"{{ end }}>{{ .Title }}</a>
{{- if or (eq . $cur) ($cur.IsDescendant .) }}<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}"{{ if eq . $cur }} aria-current="page"{{ end }}>{{ .Title }}</a>
{{- if or (eq . $cur) ($cur.IsDescendant .) }}<ul>{{ range .RegularPages }}<li><a href="{{ .RelPermalink }}"{{ if eq . $cur }} aria-current="page"{{ end }}>{{ .Title }}</a></li>{{ end }}</ul>{{ end -}}
</li>{{ end }}</ul>{{ end -}}
</li>{{ end }}</ul>
"""
HUGO_LAYOUT_SINGLE = """{{ define "main" }}<article><header><h1>{{ .Title }}</h1>
<p class="lead">{{ .Description }}</p></header>
<nav class="page-toc" aria-label="Trên trang này">{{ .TableOfContents }}</nav>
{{ .Content }}</article>
<nav class="prev-next">{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
{{ end }}
"""
HUGO_LAYOUT_LIST = """{{ define "main" }}<article><header><h1>{{ .Title }}</h1>
<p class="lead">{{ .Description }}</p></header>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></article>
{{ end }}
"""


def write_hugo(docs, out):
    root = os.path.join(out, "hugo")
    write_file(os.path.join(root, "config.toml"),
               'baseURL = "https://example.org/"\nlanguageCode = "vi"\ndefaultContentLanguage = "vi"\n'
               'title = "Sổ tay sản xuất sạch hơn (bộ thử hiệu năng)"\n'
               'disableKinds = ["taxonomy", "term", "RSS"]\n'
               '[params]\ndescription = "Bộ dữ liệu tạo tự động để đo tốc độ"\n')
    # Two template sets, chosen with `--theme` (see the module's notes).
    for theme, (baseof, single, lst) in {"minimal": (HUGO_BASEOF, HUGO_SINGLE, HUGO_LIST),
                                         "layout": (HUGO_LAYOUT_BASEOF, HUGO_LAYOUT_SINGLE,
                                                    HUGO_LAYOUT_LIST)}.items():
        layouts = os.path.join(root, "themes", theme, "layouts")
        write_file(os.path.join(layouts, "_default/baseof.html"), baseof)
        write_file(os.path.join(layouts, "_default/single.html"), single)
        write_file(os.path.join(layouts, "_default/list.html"), lst)
    write_file(os.path.join(root, "themes/layout/layouts/partials/nav.html"), HUGO_LAYOUT_NAV)
    for d in docs:
        write_file(os.path.join(root, "content", d.path), front_matter("hugo", d) + body("hugo", d))


ZOLA_BASE = """<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock %}</title>
</head>
<body>
<header><a href="/">{{ config.title }}</a></header>
<main>{% block main %}{% endblock %}</main>
</body>
</html>
"""
ZOLA_PAGE = """{% extends "base.html" %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock %}
{% block main %}<article><h1>{{ page.title }}</h1>
{{ page.content | safe }}</article>
<nav>{% if page.lower %}<a href="{{ page.lower.permalink }}">{{ page.lower.title }}</a>{% endif %}
{% if page.higher %}<a href="{{ page.higher.permalink }}">{{ page.higher.title }}</a>{% endif %}</nav>
{% endblock %}
"""
ZOLA_SECTION = """{% extends "base.html" %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock %}
{% block main %}<article><h1>{{ section.title }}</h1>
{{ section.content | safe }}</article>
<ul>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>
{% endblock %}
"""


# Zola's "layout" theme: the same page as HUGO_LAYOUT_*.
ZOLA_LAYOUT_BASE = """<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock %}</title>
<meta name="description" content="{% block description %}{% endblock %}">
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header class="site-header"><a href="/">{{ config.title }}</a></header>
<div class="layout">
<nav class="sidebar" aria-label="Mục lục"><a href="/">Trang chủ</a>
{%- set home = get_section(path="_index.md", metadata_only=true) %}
<ul>{% for p in home.subsections %}{% set part = get_section(path=p, metadata_only=true) %}<li><a href="{{ part.path | safe }}"{% if part.path == current_path %} aria-current="page"{% endif %}>{{ part.title }}</a>
{%- if current_path is starting_with(part.path) %}<ul>{% for c in part.subsections %}{% set ch = get_section(path=c, metadata_only=true) %}<li><a href="{{ ch.path | safe }}"{% if ch.path == current_path %} aria-current="page"{% endif %}>{{ ch.title }}</a>
{%- if current_path is starting_with(ch.path) %}{% set full = get_section(path=c) %}<ul>{% for q in full.pages %}<li><a href="{{ q.path | safe }}"{% if q.path == current_path %} aria-current="page"{% endif %}>{{ q.title }}</a></li>{% endfor %}</ul>{% endif -%}
</li>{% endfor %}</ul>{% endif -%}
</li>{% endfor %}</ul></nav>
<main>
{% block main %}{% endblock %}</main>
</div>
<footer class="site-footer"><p>{{ config.title }}</p></footer>
</body>
</html>
"""
ZOLA_LAYOUT_PAGE = """{% extends "base.html" %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock %}
{% block description %}{{ page.description }}{% endblock %}
{% block main %}<nav class="breadcrumbs" aria-label="Đường dẫn"><ol>{% for a in page.ancestors %}{% set s = get_section(path=a, metadata_only=true) %}<li><a href="{{ s.path | safe }}">{{ s.title }}</a></li>{% endfor %}</ol></nav>
<article><header><h1>{{ page.title }}</h1>
<p class="lead">{{ page.description }}</p></header>
<nav class="page-toc" aria-label="Trên trang này"><ul>{% for h in page.toc %}<li><a href="#{{ h.id }}">{{ h.title }}</a>{% if h.children %}<ul>{% for c in h.children %}<li><a href="#{{ c.id }}">{{ c.title }}</a></li>{% endfor %}</ul>{% endif %}</li>{% endfor %}</ul></nav>
{{ page.content | safe }}</article>
<nav class="prev-next">{% if page.lower %}<a rel="prev" href="{{ page.lower.path | safe }}">{{ page.lower.title }}</a>{% endif %}
{% if page.higher %}<a rel="next" href="{{ page.higher.path | safe }}">{{ page.higher.title }}</a>{% endif %}</nav>
{% endblock %}
"""
ZOLA_LAYOUT_SECTION = """{% extends "base.html" %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock %}
{% block description %}{{ section.description }}{% endblock %}
{% block main %}<nav class="breadcrumbs" aria-label="Đường dẫn"><ol>{% for a in section.ancestors %}{% set s = get_section(path=a, metadata_only=true) %}<li><a href="{{ s.path | safe }}">{{ s.title }}</a></li>{% endfor %}</ol></nav>
<article><header><h1>{{ section.title }}</h1>
<p class="lead">{{ section.description }}</p></header>
{{ section.content | safe }}
<ul>{% for p in section.pages %}<li><a href="{{ p.path | safe }}">{{ p.title }}</a></li>{% endfor %}</ul></article>
{% endblock %}
"""


def write_zola(docs, out):
    root = os.path.join(out, "zola")
    config = ('base_url = "https://example.org"\ntitle = "Sổ tay sản xuất sạch hơn (bộ thử hiệu năng)"\n'
              'default_language = "vi"\ncompile_sass = false\nbuild_search_index = false\n'
              'generate_feeds = false\n')
    # Two template sets, one config file each, chosen with `zola --config` (see the module's notes).
    for theme, templates in {"minimal": (ZOLA_BASE, ZOLA_PAGE, ZOLA_SECTION),
                             "layout": (ZOLA_LAYOUT_BASE, ZOLA_LAYOUT_PAGE, ZOLA_LAYOUT_SECTION)}.items():
        write_file(os.path.join(root, f"config.{theme}.toml"), f'theme = "{theme}"\n' + config)
        base = os.path.join(root, "themes", theme)
        write_file(os.path.join(base, "theme.toml"), f'name = "{theme}"\n')
        for name, text in zip(["base", "page", "section"], templates):
            write_file(os.path.join(base, f"templates/{name}.html"), text)
        write_file(os.path.join(base, "templates/index.html"), templates[2])
    for d in docs:
        write_file(os.path.join(root, "content", d.path), front_matter("zola", d) + body("zola", d))


def write_mdbook(docs, out):
    root = os.path.join(out, "mdbook")
    write_file(os.path.join(root, "book.toml"),
               '[book]\ntitle = "Sổ tay sản xuất sạch hơn (bộ thử hiệu năng)"\nlanguage = "vi"\n'
               'src = "src"\n\n[build]\nbuild-dir = "book"\n')
    summary = ["# Summary", "", f"[{docs[0].title}]({docs[0].path})", ""]

    def walk(d, depth):
        for c in d.children:
            summary.append(f"{'    ' * depth}- [{c.title}]({c.path})")
            walk(c, depth + 1)

    walk(docs[0], 0)
    write_file(os.path.join(root, "src/SUMMARY.md"), "\n".join(summary) + "\n")
    for d in docs:
        write_file(os.path.join(root, "src", d.path), f"# {d.title}\n\n" + body("mdbook", d))


WRITERS = {"sotay": write_sotay, "hugo": write_hugo, "zola": write_zola, "mdbook": write_mdbook}


def generate(n_pages, seed, out, tools=tuple(WRITERS)):
    """Writes the corpus under `out` (replacing it) and returns the number of documents."""
    if os.path.isdir(out):
        shutil.rmtree(out)
    docs = build_model(n_pages, seed)
    for t in tools:
        WRITERS[t](docs, out)
    with open(os.path.join(out, "STAMP"), "w") as f:
        f.write(stamp(n_pages, seed))
    return len(docs)


def stamp(n_pages, seed):
    return f"gen v{GENERATOR_VERSION} pages={n_pages} seed={seed}\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--tools", default=",".join(WRITERS))
    a = ap.parse_args()
    n = generate(a.pages, a.seed, a.out, a.tools.split(","))
    print(f"{n} documents written under {a.out}")


if __name__ == "__main__":
    main()
