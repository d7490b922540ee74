//! The `sotay` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use sotay::build::{BuildOptions, build};

use sotay::diagnostics::Diagnostics;

mod allocator;

// glibc's malloc spent a third of a 10,000-page build in its free lists when rayon threads
// allocate and free many small strings; mimalloc keeps per-thread heaps.
#[global_allocator]
static ALLOCATOR: allocator::MiMalloc = allocator::MiMalloc;

/// Tells mimalloc to keep the memory a one-shot command frees instead of giving it back to the
/// system after 10 ms: a build frees and allocates hundreds of MB stage after stage, and each
/// page given back came back as a fresh zeroed (often 2 MiB) page: at 10,000 pages that zeroing
/// was a fifth of the build's CPU time. `serve` keeps the default, as it lives long.
fn keep_freed_memory() {
    // `mi_option_purge_delay` in mimalloc 3's `mimalloc.h` (the bindings name only v2's options).
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: setting an option is thread-safe and valid at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
}

/// sotay — tạo trang web và sách in cho sổ tay tiếng Việt từ Markdown.
#[derive(Parser)]
#[command(name = "sotay", version, about)]
struct Cli {
    /// Thư mục dự án (chứa sotay.toml và content/).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Tạo trang web vào thư mục đầu ra (mặc định public/).
    Build {
        /// Gồm cả các trang nháp (draft = true).
        #[arg(long)]
        drafts: bool,
        /// Thư mục đầu ra thay cho output_dir trong sotay.toml.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Xem trước khi viết: tạo trang, phục vụ qua HTTP và tải lại khi lưu tệp.
    Serve {
        /// Cổng HTTP (mặc định 1111, hoặc cổng trống kế tiếp; 0: để hệ thống chọn).
        #[arg(long)]
        port: Option<u16>,
        /// Địa chỉ lắng nghe; mặc định chỉ máy này (127.0.0.1).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Mở trang xem trước trong trình duyệt.
        #[arg(long)]
        open: bool,
        /// Gồm cả các trang nháp (draft = true).
        #[arg(long)]
        drafts: bool,
        /// Dò thay đổi định kỳ thay vì chờ hệ điều hành báo (ổ mạng, trình soạn thảo lạ).
        #[arg(long)]
        poll: bool,
    },
    /// Kiểm tra liên kết, hình, mã mục và chữ tiếng Việt mà không tạo trang.
    Check {
        /// Kiểm tra cả liên kết ra trang web khác (cần mạng).
        #[arg(long)]
        external: bool,
        /// Coi cảnh báo là lỗi.
        #[arg(long)]
        strict: bool,
    },
    /// Tạo bản PDF để in (public/print/<tên>.pdf) bằng WeasyPrint, rồi kiểm tra nó.
    Pdf {
        /// Chỉ kiểm tra một tệp PDF có sẵn (mặc định: bản PDF của sổ tay) như nhà in kiểm tra.
        #[arg(long, value_name = "FILE", num_args = 0..=1)]
        check: Option<Option<PathBuf>>,
        /// Gồm cả các trang nháp (draft = true).
        #[arg(long)]
        drafts: bool,
    },
    /// Tìm trong chỉ mục đã tạo (public/search/), xếp hạng như ô tìm kiếm trên trang.
    Search {
        /// Câu tìm, có dấu hoặc không dấu, Telex, viết tắt…
        query: String,
        /// Số kết quả tối đa.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// In kết quả dạng JSON (cho công cụ khác).
        #[arg(long)]
        json: bool,
    },
    /// Tạo trang mới: sotay new phan-3/chuong-7/ten-trang
    New {
        /// mục/tên-trang
        path: String,
    },
}

/// `sotay search`: answers from the index of the last build, with the browser's ranking.
fn search_command(root: &std::path::Path, query: &str, limit: usize, json: bool) -> ExitCode {
    let public = match sotay::config::Config::load(root) {
        Ok(config) => root.join(config.output_dir),
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::FAILURE;
        }
    };
    let hits = match sotay::search::query_index(&public, query, limit) {
        Ok(hits) => hits,
        Err(e) => {
            eprintln!(
                "lỗi: không đọc được chỉ mục tìm kiếm trong {}: {e}\n  → cách sửa: chạy `sotay build` trước",
                public.join("search").display()
            );
            return ExitCode::FAILURE;
        }
    };
    if json {
        let rows: Vec<serde_json::Value> = hits
            .iter()
            .map(|h| {
                serde_json::json!({
                    "url": if h.anchor.is_empty() { h.url.clone() } else { format!("{}#{}", h.url, h.anchor) },
                    "title": h.title,
                    "section_path": h.section_path,
                    "score": h.score,
                    "excerpt": h.excerpt,
                })
            })
            .collect();
        println!("{}", serde_json::Value::Array(rows));
    } else if hits.is_empty() {
        println!("Không tìm thấy kết quả cho «{query}».");
    } else {
        for (i, h) in hits.iter().enumerate() {
            let anchor = if h.anchor.is_empty() {
                String::new()
            } else {
                format!("#{}", h.anchor)
            };
            println!("{:>2}. {}{anchor}  {}", i + 1, h.url, h.title);
        }
    }
    ExitCode::SUCCESS
}

fn print_diagnostics(diags: &Diagnostics) {
    let mut diags = diags.clone();
    diags.sort();
    eprint!("{diags}");
}

fn print_preflight(
    pdf: &std::path::Path,
    expect: &sotay::print::preflight::Expectations,
) -> ExitCode {
    match sotay::print::preflight::run(pdf, expect) {
        Ok(report) => {
            print!("{report}");
            if report.failed() == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("sotay pdf --check: lỗi: {e}");
            ExitCode::FAILURE
        }
    }
}

fn pdf_command(root: &std::path::Path, check: Option<Option<PathBuf>>, drafts: bool) -> ExitCode {
    use sotay::print::{pdf, preflight};
    match check {
        Some(file) => {
            let project = preflight::for_project(root);
            let (expect, pdf) = match (file, project) {
                (Some(file), Some((expect, _))) => (expect, file),
                (Some(file), None) => (preflight::for_file(&file), file),
                (None, Some((expect, pdf))) => (expect, pdf),
                (None, None) => {
                    eprintln!(
                        "sotay pdf --check: lỗi: không đọc được dự án ở {}\n  → cách sửa: chạy trong thư mục có sotay.toml, hoặc chỉ rõ tệp: sotay pdf --check TỆP.pdf",
                        root.display()
                    );
                    return ExitCode::FAILURE;
                }
            };
            if !pdf.is_file() {
                eprintln!(
                    "sotay pdf --check: lỗi: không có tệp {}\n  → cách sửa: tạo bản PDF trước bằng lệnh sotay pdf",
                    pdf.display()
                );
                return ExitCode::FAILURE;
            }
            print_preflight(&pdf, &expect)
        }
        None => match pdf::make(root, drafts) {
            Ok(report) => {
                print_diagnostics(&report.warnings);
                let padding = match report.padding {
                    0 => String::new(),
                    n if n < 0 => ", bỏ 1 trang trắng dự phòng".to_owned(),
                    n => format!(", thêm {n} trang trắng"),
                };
                println!(
                    "Đã tạo {} ({} trang{padding}) trong {} giây (WeasyPrint {} giây)",
                    report.path.display(),
                    report.pages,
                    report.elapsed.as_secs(),
                    report.render_time.as_secs()
                );
                print_preflight(&report.path, &report.expectations)
            }
            Err(diags) => {
                print_diagnostics(&diags);
                eprintln!("Không tạo được bản PDF: {} lỗi.", diags.error_count());
                ExitCode::FAILURE
            }
        },
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { drafts, output } => {
            keep_freed_memory();
            let options = BuildOptions {
                root: cli.root,
                drafts,
                output,
                ..BuildOptions::default()
            };
            match build(&options) {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    println!(
                        "Đã tạo {} trang vào {} trong {} ms",
                        report.pages,
                        report.output.display(),
                        report.elapsed.as_millis()
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diagnostics(&diags);
                    eprintln!(
                        "Không tạo được trang: {} lỗi. Thư mục đầu ra cũ được giữ nguyên.",
                        diags.error_count()
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve {
            port,
            bind,
            open,
            drafts,
            poll,
        } => {
            let options = sotay::serve::ServeOptions {
                root: cli.root,
                port,
                bind,
                open,
                drafts,
                poll,
            };
            match sotay::serve::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("lỗi: {message}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { external, strict } => {
            let report = sotay::check::check(&sotay::check::CheckOptions {
                root: cli.root,
                external,
                strict,
            });
            print!("{}", report.diagnostics);
            println!("{}", report.summary());
            if report.failed() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Pdf { check, drafts } => pdf_command(&cli.root, check, drafts),
        Command::Search { query, limit, json } => search_command(&cli.root, &query, limit, json),
        Command::New { path } => match sotay::new_page::create(&cli.root, &path) {
            Ok(created) => {
                println!(
                    "Đã tạo {} (đang là bản nháp: xóa dòng draft = true khi viết xong)",
                    created.display()
                );
                ExitCode::SUCCESS
            }
            Err(d) => {
                eprintln!("{d}");
                ExitCode::FAILURE
            }
        },
    }
}
