//! The `sotay` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use sotay::build::{BuildOptions, build};

// glibc's malloc spent a third of a 10,000-page build in its free lists when rayon threads
// allocate and free many small strings; mimalloc keeps per-thread heaps.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use sotay::diagnostics::Diagnostics;

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
    /// Tạo trang mới: sotay new phan-3/chuong-7/ten-trang
    New {
        /// mục/tên-trang
        path: String,
    },
}

fn print_diagnostics(diags: &Diagnostics) {
    let mut diags = diags.clone();
    diags.sort();
    eprint!("{diags}");
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { drafts, output } => {
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
