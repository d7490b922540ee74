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
    Serve,
    /// Kiểm tra liên kết, hình, mã mục và chữ tiếng Việt mà không tạo trang.
    Check,
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
        Command::Serve | Command::Check => {
            eprintln!("Lệnh này chưa được cài đặt (not implemented yet).");
            ExitCode::from(2)
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
