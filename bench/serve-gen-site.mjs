// Generates a synthetic Vietnamese handbook of about N pages for the serve benchmark:
// parts → chapters → pages, each page ~350 words with headings, a numbered table, a figure,
// a link to the next page and a cross-reference to the chapter's table.
//
//   node bench/serve-gen-site.mjs 1000 /tmp/site-1k
//
// The folder is created (it must not exist yet) with sotay.toml and content/.
import fs from "node:fs";
import path from "node:path";

const [countArg, out] = process.argv.slice(2);
const count = Number(countArg);
if (!count || !out) {
  console.error("usage: node bench/serve-gen-site.mjs PAGES OUT_DIR");
  process.exit(2);
}
if (fs.existsSync(out)) {
  console.error(`${out} already exists; choose a new folder`);
  process.exit(2);
}

const words = ("sản xuất sạch hơn doanh nghiệp tiết kiệm năng lượng nước thải lò hơi hơi nước nhiệt độ " +
  "chi phí đầu tư thời gian hoàn vốn chất thải rắn nguyên liệu hóa chất quy trình công nghệ thiết bị " +
  "kiểm toán đánh giá giải pháp cải tiến vận hành bảo dưỡng rò rỉ cách nhiệt thu hồi tái sử dụng " +
  "chế biến cà phê chè rau hoa quả sữa thực phẩm Lâm Đồng Đà Lạt Bảo Lộc Đức Trọng Di Linh mùa vụ").split(" ");
let seed = 42;
const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const sentence = () => {
  const n = 8 + rand(12);
  const s = Array.from({ length: n }, () => words[rand(words.length)]).join(" ");
  return s.charAt(0).toUpperCase() + s.slice(1) + ".";
};
const paragraph = () => Array.from({ length: 4 + rand(3) }, sentence).join(" ");

// Shape: parts × chapters × pages ≈ count.
const parts = count >= 5000 ? 10 : 5;
const chapters = count >= 5000 ? 10 : 5;
const pagesPer = Math.max(1, Math.round(count / (parts * chapters)));
const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200"><rect width="400" height="200" fill="#dfe"/></svg>\n';

const write = (rel, text) => {
  const p = path.join(out, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
};
write("sotay.toml", `title = "Sổ tay thử ${count} trang"\ndescription = "Trang tạo tự động để đo tốc độ sotay serve"\n`);
write("content/_index.md", `+++\ntitle = "Sổ tay thử"\n+++\n\n${paragraph()}\n`);
let total = 0;
for (let p = 1; p <= parts; p++) {
  write(`content/phan-${p}/_index.md`, `+++\ntitle = "Phần ${p}: ${words[p % words.length]}"\nweight = ${p}\ndescription = "${sentence()}"\n+++\n\n${paragraph()}\n`);
  for (let c = 1; c <= chapters; c++) {
    const dir = `content/phan-${p}/chuong-${c}`;
    write(`${dir}/_index.md`,
      `+++\ntitle = "Chương ${p}.${c}: ${words[(p * c) % words.length]}"\nweight = ${c}\n+++\n\n${paragraph()}\n\n` +
      `![Sơ đồ chương](so-do.svg "Sơ đồ quy trình của chương")\n\n` +
      `Bảng: Chi phí và lợi ích {#bang-chi-phi}\n\n| Giải pháp | Chi phí (triệu đồng) | Tiết kiệm (triệu đồng/năm) |\n|---|---|---|\n| Cách nhiệt | 120 | 80 |\n| Thu hồi nước ngưng | 300 | 150 |\n`);
    write(`${dir}/so-do.svg`, svg);
    for (let i = 1; i <= pagesPer; i++) {
      const next = i < pagesPer ? `[Trang tiếp theo](trang-${i + 1}.md)` : `[Về đầu chương](_index.md)`;
      let body = `+++\ntitle = "Trang ${p}.${c}.${i}: ${words[rand(words.length)]} ${words[rand(words.length)]}"\nweight = ${i}\n+++\n\n`;
      body += `${paragraph()}\n\n## Hiện trạng\n\n${paragraph()}\n\n${paragraph()}\n\n## Giải pháp\n\n${paragraph()}\n\n`;
      body += `Xem [](_index.md#bang-chi-phi) và ${next}.\n\n### Kết quả\n\n${paragraph()}\n\n${paragraph()}\n`;
      write(`${dir}/trang-${i}.md`, body);
      total++;
    }
  }
}
console.log(`${out}: ${total} pages + ${parts * chapters + parts + 1} sections`);
