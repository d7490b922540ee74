//! The external programs the PDF needs (WeasyPrint, poppler, qpdf), run with clear messages when
//! one is missing: which Debian package to install.

use std::fmt;
use std::path::Path;
use std::process::{Command, Output};

/// A program and the Debian package that provides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tool {
    /// Executable name.
    pub program: &'static str,
    /// Debian package to install.
    pub package: &'static str,
}

/// The paged-media engine.
pub const WEASYPRINT: Tool = Tool {
    program: "weasyprint",
    package: "weasyprint",
};
/// Page count, page boxes, metadata.
pub const PDFINFO: Tool = Tool {
    program: "pdfinfo",
    package: "poppler-utils",
};
/// Embedded fonts.
pub const PDFFONTS: Tool = Tool {
    program: "pdffonts",
    package: "poppler-utils",
};
/// Images and their resolution.
pub const PDFIMAGES: Tool = Tool {
    program: "pdfimages",
    package: "poppler-utils",
};
/// Text layer.
pub const PDFTOTEXT: Tool = Tool {
    program: "pdftotext",
    package: "poppler-utils",
};
/// Page images.
pub const PDFTOPPM: Tool = Tool {
    program: "pdftoppm",
    package: "poppler-utils",
};
/// Bookmarks (outlines) and structure.
pub const QPDF: Tool = Tool {
    program: "qpdf",
    package: "qpdf",
};

/// Why a program could not do its job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToolError {
    /// Not installed.
    Missing(Tool),
    /// Ran and failed.
    Failed {
        /// Which program.
        tool: Tool,
        /// Exit status as text.
        status: String,
        /// What it printed on stderr (last lines).
        stderr: String,
    },
}

impl fmt::Display for ToolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ToolError::Missing(tool) => write!(
                f,
                "không tìm thấy chương trình {} trên máy này.\n  → cách sửa: cài gói {} bằng lệnh: sudo apt-get install {}",
                tool.program, tool.package, tool.package
            ),
            ToolError::Failed {
                tool,
                status,
                stderr,
            } => write!(f, "{} bị lỗi ({status}):\n{stderr}", tool.program),
        }
    }
}

impl std::error::Error for ToolError {}

/// Runs `tool` with `args` in `dir` (or the current folder) and returns its output when it
/// exits with success.
pub fn run(tool: Tool, args: &[&std::ffi::OsStr], dir: Option<&Path>) -> Result<Output, ToolError> {
    let mut cmd = Command::new(tool.program);
    cmd.args(args);
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let output = cmd.output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            ToolError::Missing(tool)
        } else {
            ToolError::Failed {
                tool,
                status: e.to_string(),
                stderr: String::new(),
            }
        }
    })?;
    if output.status.success() {
        return Ok(output);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let tail: Vec<&str> = stderr.lines().rev().take(12).collect();
    Err(ToolError::Failed {
        tool,
        status: output.status.to_string(),
        stderr: tail.into_iter().rev().collect::<Vec<_>>().join("\n"),
    })
}

/// Runs `tool` and returns its standard output as text.
pub fn stdout(tool: Tool, args: &[&str]) -> Result<String, ToolError> {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    run(tool, &args, None).map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
}

/// True when `tool` can be started.
pub fn available(tool: Tool) -> bool {
    Command::new(tool.program)
        .arg(if tool.program == "qpdf" || tool.program == "weasyprint" {
            "--version"
        } else {
            "-v"
        })
        .output()
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_program_names_the_package() {
        let tool = Tool {
            program: "sotay-no-such-program",
            package: "goi-khong-co",
        };
        let err = stdout(tool, &[]).unwrap_err();
        assert_eq!(err, ToolError::Missing(tool));
        assert!(
            err.to_string()
                .contains("sudo apt-get install goi-khong-co")
        );
    }
}
