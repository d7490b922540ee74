//! Build-time rendering of a small TeX subset to plain HTML + CSS.
//!
//! The output needs neither JavaScript nor MathML, so it reads the same in a
//! browser and in WeasyPrint. Layout is done by `themes/default/static/math.css`
//! with inline blocks; the vertical offsets that CSS cannot work out by itself
//! (where a fraction bar sits, how far a script is raised, how tall a
//! delimiter must be) are computed here from an approximate model of the CSS
//! box layout, TeX-style (TeXbook, appendix G).
//!
//! Model: every fragment knows the extent of its CSS line-box contribution
//! (`top`, `bottom`) and of its ink (`h`, `d`), all in em of its own font
//! size, measured from its baseline. Text fonts are not known at build time,
//! so glyph metrics are typical values of common text fonts (DejaVu,
//! Liberation, Noto); errors are a few hundredths of an em.
//!
//! Constants marked "(sync)" must match `math.css`.

use std::fmt::Write as _;

/// A formula that could not be rendered: message in Vietnamese for authors, byte offset into the TeX source.
#[derive(Debug, Clone, PartialEq)]
pub struct MathError {
    pub message: String,
    pub offset: usize,
}

impl std::fmt::Display for MathError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (vị trí {})", self.message, self.offset)
    }
}

impl std::error::Error for MathError {}

/// Renders a TeX formula to HTML. `display` = block formula.
pub fn render_math(tex: &str, display: bool) -> Result<String, MathError> {
    let nodes = Parser::new(tex).parse_formula()?;
    let style = if display { Style::D } else { Style::T };
    let ctx = Ctx {
        style,
        lh: LINE_HEIGHT,
    };
    let frags = render_list(&nodes, ctx);

    let mut out = String::with_capacity(tex.len() * 8 + 96);
    out.push_str(if display {
        "<span class=\"math math-display\" role=\"math\" aria-label=\""
    } else {
        "<span class=\"math math-inline\" role=\"math\" aria-label=\""
    });
    super::highlight::escape_html_into(&mut out, tex.trim());
    out.push_str("\">");

    // A formula may wrap after a top-level relation or binary operator (as in
    // TeX); everything else stays together. Break points are an empty span
    // whose CSS ::after is U+200B: WeasyPrint ignores <wbr>, and generated
    // content stays out of copied text. Display formulas use them in print
    // only (on screen they scroll).
    let breaks = frags[..frags.len().saturating_sub(1)].iter().any(|f| f.brk);
    if breaks {
        out.push_str("<span class=\"mrow mrow-wrap\" aria-hidden=\"true\"><span class=\"mseg\">");
        let mut pending = false;
        for (i, f) in frags.iter().enumerate() {
            if pending && f.cls.is_some() {
                out.push_str("</span><span class=\"mbrk\"></span><span class=\"mseg\">");
                pending = false;
            }
            out.push_str(&f.html);
            if f.brk && i + 1 < frags.len() {
                pending = true;
            }
        }
        out.push_str("</span></span>");
    } else {
        out.push_str("<span class=\"mrow\" aria-hidden=\"true\">");
        for f in &frags {
            out.push_str(&f.html);
        }
        out.push_str("</span>");
    }
    out.push_str("</span>");
    Ok(out)
}

// ---------------------------------------------------------------------------
// Layout constants (em of the current font size).

/// Half of (ascent − descent) of a typical text font: where a line box sits
/// relative to the baseline. DejaVu 0.35, Liberation 0.34, Noto 0.39.
const FONT_C: f64 = 0.36;
/// (sync) `.math { line-height }`.
const LINE_HEIGHT: f64 = 1.0;
/// (sync) `.msqrt-body { line-height }`: tighter, so the overline hugs the body.
const SQRT_LINE_HEIGHT: f64 = 0.8;
/// Math axis: centre of '−' and '=' in text fonts.
const AXIS: f64 = 0.32;
const X_HEIGHT: f64 = 0.47;
/// Ink height of capitals, digits and ascenders; of accented letters.
const CAP: f64 = 0.72;
const ACCENTED: f64 = 0.86;
/// Ink depth of descenders and parentheses.
const DESC: f64 = 0.22;
/// (sync) `.mden` / `.msqrt-body` border-top width.
const RULE: f64 = 0.06;
/// (sync) `.mnum` padding-bottom, `.mden` padding-top.
const FRAC_NUM_PAD: f64 = 0.16;
const FRAC_DEN_PAD: f64 = 0.05;
/// (sync) `.msqrt-body` padding-top.
const SQRT_PAD: f64 = 0.08;
/// Radical sign (drawn as SVG): width, least depth below the baseline.
const RADICAL_WIDTH: f64 = 0.58;
const RADICAL_DEPTH: f64 = 0.12;
/// (sync) `.mop-lg-d`, `.mop-lg-t` font sizes.
const BIG_OP_DISPLAY: f64 = 1.6;
const BIG_OP_TEXT: f64 = 1.15;
/// Ink of '∑' '∏' per em of the glyph: top, depth, centre.
const BIG_OP_H: f64 = 0.72;
const BIG_OP_D: f64 = 0.2;
const BIG_OP_CENTRE: f64 = 0.26;
/// Ink centre and half height of '(' in text fonts.
const PAREN_CENTRE: f64 = 0.29;
const PAREN_HALF: f64 = 0.46;
/// Relative font sizes of the TeX styles (display/text, script, scriptscript).
const SCRIPT_SIZE: f64 = 0.7;
const SCRIPTSCRIPT_SIZE: f64 = 0.55;
const MAX_DEPTH: usize = 40;

// ---------------------------------------------------------------------------
// Syntax tree.

/// TeX atom classes, for spacing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cls {
    Ord,
    Op,
    Bin,
    Rel,
    Open,
    Close,
    Punct,
    Inner,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Single letter: italic variable.
    Var,
    /// Run of letters, function name, capital Greek: upright.
    Word,
    Num,
    Sym,
    /// `\text{…}`: upright, spaces kept.
    Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Space {
    Thin,
    Medium,
    Thick,
    NegThin,
    Word,
    Quad,
    QQuad,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Limits {
    Auto,
    Yes,
    No,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FracStyle {
    Auto,
    Display,
    Text,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Atom {
        text: String,
        kind: Kind,
        cls: Cls,
    },
    Group(Vec<Node>),
    Upright {
        body: Vec<Node>,
        op: bool,
    },
    Frac {
        num: Vec<Node>,
        den: Vec<Node>,
        style: FracStyle,
    },
    Sqrt {
        index: Option<Vec<Node>>,
        body: Vec<Node>,
    },
    Scripts {
        base: Box<Node>,
        sub: Option<Vec<Node>>,
        sup: Option<Vec<Node>>,
    },
    BigOp {
        text: &'static str,
        large: bool,
        limits: Limits,
        /// Limits above/below in display style when `limits` is `Auto`.
        display_limits: bool,
    },
    Delim {
        left: &'static str,
        body: Vec<Node>,
        right: &'static str,
    },
    Space(Space),
}

fn atom(text: &str, kind: Kind, cls: Cls) -> Node {
    Node::Atom {
        text: text.to_string(),
        kind,
        cls,
    }
}

// ---------------------------------------------------------------------------
// Command tables.

const GREEK: &[(&str, &str)] = &[
    ("alpha", "α"),
    ("beta", "β"),
    ("gamma", "γ"),
    ("delta", "δ"),
    ("epsilon", "ϵ"),
    ("varepsilon", "ε"),
    ("zeta", "ζ"),
    ("eta", "η"),
    ("theta", "θ"),
    ("vartheta", "ϑ"),
    ("iota", "ι"),
    ("kappa", "κ"),
    ("lambda", "λ"),
    ("mu", "μ"),
    ("nu", "ν"),
    ("xi", "ξ"),
    ("pi", "π"),
    ("rho", "ρ"),
    ("sigma", "σ"),
    ("varsigma", "ς"),
    ("tau", "τ"),
    ("upsilon", "υ"),
    ("phi", "ϕ"),
    ("varphi", "φ"),
    ("chi", "χ"),
    ("psi", "ψ"),
    ("omega", "ω"),
];

const GREEK_UPPER: &[(&str, &str)] = &[
    ("Gamma", "Γ"),
    ("Delta", "Δ"),
    ("Theta", "Θ"),
    ("Lambda", "Λ"),
    ("Xi", "Ξ"),
    ("Pi", "Π"),
    ("Sigma", "Σ"),
    ("Upsilon", "Υ"),
    ("Phi", "Φ"),
    ("Psi", "Ψ"),
    ("Omega", "Ω"),
];

const SYMBOLS: &[(&str, &str, Cls)] = &[
    ("times", "×", Cls::Bin),
    ("cdot", "·", Cls::Bin),
    ("div", "÷", Cls::Bin),
    ("pm", "±", Cls::Bin),
    ("mp", "∓", Cls::Bin),
    ("approx", "≈", Cls::Rel),
    ("le", "≤", Cls::Rel),
    ("leq", "≤", Cls::Rel),
    ("ge", "≥", Cls::Rel),
    ("geq", "≥", Cls::Rel),
    ("ne", "≠", Cls::Rel),
    ("neq", "≠", Cls::Rel),
    ("lt", "<", Cls::Rel),
    ("gt", ">", Cls::Rel),
    ("equiv", "≡", Cls::Rel),
    ("sim", "∼", Cls::Rel),
    ("in", "∈", Cls::Rel),
    ("to", "→", Cls::Rel),
    ("rightarrow", "→", Cls::Rel),
    ("leftarrow", "←", Cls::Rel),
    ("Rightarrow", "⇒", Cls::Rel),
    ("Leftrightarrow", "⇔", Cls::Rel),
    ("infty", "∞", Cls::Ord),
    ("partial", "∂", Cls::Ord),
    ("ldots", "…", Cls::Inner),
    ("dots", "…", Cls::Inner),
    ("cdots", "⋯", Cls::Inner),
    ("%", "%", Cls::Ord),
    ("&", "&", Cls::Ord),
    ("#", "#", Cls::Ord),
    ("$", "$", Cls::Ord),
    ("_", "_", Cls::Ord),
    ("{", "{", Cls::Open),
    ("}", "}", Cls::Close),
    ("|", "‖", Cls::Ord),
];

const SPACES: &[(&str, Space)] = &[
    (",", Space::Thin),
    (":", Space::Medium),
    (">", Space::Medium),
    (";", Space::Thick),
    ("!", Space::NegThin),
    (" ", Space::Word),
    ("quad", Space::Quad),
    ("qquad", Space::QQuad),
];

/// name, glyph, large, limits in display style.
const BIG_OPS: &[(&str, &str, bool, bool)] = &[
    ("sum", "∑", true, true),
    ("prod", "∏", true, true),
    ("int", "∫", true, false),
    ("lim", "lim", false, true),
    ("max", "max", false, true),
    ("min", "min", false, true),
];

const FUNCTIONS: &[&str] = &["ln", "log", "exp", "sin", "cos", "tan"];

const STRUCTURAL: &[&str] = &[
    "frac",
    "dfrac",
    "tfrac",
    "sqrt",
    "left",
    "right",
    "text",
    "mathrm",
    "operatorname",
    "limits",
    "nolimits",
];

fn supported_commands() -> String {
    let mut names: Vec<String> = STRUCTURAL.iter().map(|n| format!("\\{n}")).collect();
    names.extend(BIG_OPS.iter().map(|(n, ..)| format!("\\{n}")));
    names.extend(FUNCTIONS.iter().map(|n| format!("\\{n}")));
    names.extend(
        SYMBOLS
            .iter()
            .filter(|(n, ..)| n.len() > 1)
            .map(|(n, ..)| format!("\\{n}")),
    );
    names.push("\\alpha…\\omega".to_string());
    names.extend(GREEK_UPPER.iter().map(|(n, _)| format!("\\{n}")));
    names.push("\\, \\: \\; \\! \\quad \\qquad".to_string());
    names.push("\\% \\{ \\} \\_ \\&".to_string());
    names.join(", ")
}

/// Class and printed form of a plain character in math mode.
fn char_class(c: char) -> (String, Cls) {
    let cls = match c {
        '+' | '-' | '−' | '*' | '×' | '÷' | '±' | '∓' | '·' => Cls::Bin,
        '=' | '<' | '>' | ':' | '≤' | '≥' | '≠' | '≈' | '→' | '←' | '⇒' | '⇔' | '≡' | '∼' | '∈' => {
            Cls::Rel
        }
        '(' | '[' => Cls::Open,
        ')' | ']' | '!' | '?' => Cls::Close,
        ',' | ';' => Cls::Punct,
        _ => Cls::Ord,
    };
    let text = match c {
        '-' => '−',
        '*' => '∗',
        '\'' => '′',
        c => c,
    };
    (text.to_string(), cls)
}

// ---------------------------------------------------------------------------
// Parser.

#[derive(Clone, Copy)]
enum End {
    Eof,
    Brace(usize),
    Bracket(usize),
    Right(usize),
}

fn err<T>(offset: usize, message: impl Into<String>) -> Result<T, MathError> {
    Err(MathError {
        message: message.into(),
        offset,
    })
}

const MSG_UNCLOSED: &str = "thiếu dấu '}' để đóng dấu '{' này";
const MSG_NEWLINE: &str =
    "xuống dòng (\\\\) không được hỗ trợ trong công thức; hãy tách thành nhiều công thức";

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    depth: usize,
    /// Inside `\mathrm`/`\operatorname`: letters upright, spaces kept.
    upright: bool,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        Parser {
            src,
            pos: 0,
            depth: 0,
            upright: false,
        }
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_ws(&mut self) -> bool {
        let start = self.pos;
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
        self.pos != start
    }

    fn parse_formula(mut self) -> Result<Vec<Node>, MathError> {
        Ok(self.parse_list(End::Eof)?.0)
    }

    /// Parses atoms up to `end`; for `End::Right` also returns the right delimiter.
    fn parse_list(&mut self, end: End) -> Result<(Vec<Node>, &'static str), MathError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return err(self.pos, "công thức lồng nhau quá sâu");
        }
        let mut list = Vec::new();
        let right = loop {
            let spaced = self.skip_ws();
            let Some(c) = self.peek() else {
                match end {
                    End::Eof => break "",
                    End::Brace(open) => return err(open, MSG_UNCLOSED),
                    End::Bracket(open) => return err(open, "thiếu dấu ']' để đóng dấu '[' này"),
                    End::Right(left) => return err(left, "thiếu \\right tương ứng với \\left này"),
                }
            };
            if spaced && self.upright && !list.is_empty() && c != '}' {
                list.push(atom(" ", Kind::Text, Cls::Ord));
            }
            match c {
                '}' => {
                    if let End::Brace(_) = end {
                        self.bump();
                        break "";
                    }
                    return err(self.pos, "dấu '}' thừa: không có dấu '{' tương ứng");
                }
                ']' if matches!(end, End::Bracket(_)) => {
                    self.bump();
                    break "";
                }
                '^' | '_' => self.parse_script(&mut list)?,
                '\\' => {
                    let start = self.pos;
                    let name = self.command_name();
                    match name {
                        "right" => {
                            if let End::Right(_) = end {
                                break self.parse_delim(start, "right")?;
                            }
                            return err(start, "\\right không có \\left tương ứng");
                        }
                        "limits" | "nolimits" => {
                            let Some(Node::BigOp { limits, .. }) = list.last_mut() else {
                                return err(
                                    start,
                                    format!(
                                        "\\{name} chỉ dùng ngay sau \\sum, \\prod, \\int, \\lim, \\max, \\min"
                                    ),
                                );
                            };
                            *limits = if name == "limits" {
                                Limits::Yes
                            } else {
                                Limits::No
                            };
                        }
                        _ => {
                            let node = self.command(start, name)?;
                            list.push(node);
                        }
                    }
                }
                _ => {
                    let node = self.char_atom(false)?;
                    list.push(node);
                }
            }
        };
        self.depth -= 1;
        Ok((list, right))
    }

    /// Reads `\name` (letters) or `\c` (one other character); `pos` is at the backslash.
    fn command_name(&mut self) -> &'a str {
        let start = self.pos + 1;
        self.bump();
        match self.peek() {
            Some(c) if c.is_ascii_alphabetic() => {
                while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                    self.bump();
                }
            }
            Some(_) => {
                self.bump();
            }
            None => {}
        }
        &self.src[start..self.pos]
    }

    fn parse_script(&mut self, list: &mut Vec<Node>) -> Result<(), MathError> {
        let at = self.pos;
        let is_sup = self.bump() == Some('^');
        let arg = self.parse_arg(at, if is_sup { "^" } else { "_" })?;
        let (base, mut sub, mut sup) = match list.pop() {
            Some(Node::Scripts { base, sub, sup }) => (base, sub, sup),
            Some(Node::Space(s)) => {
                list.push(Node::Space(s));
                (Box::new(Node::Group(Vec::new())), None, None)
            }
            Some(n) => (Box::new(n), None, None),
            None => (Box::new(Node::Group(Vec::new())), None, None),
        };
        let slot = if is_sup { &mut sup } else { &mut sub };
        if slot.is_some() {
            return err(
                at,
                if is_sup {
                    "hai chỉ số trên liên tiếp: hãy gộp bằng ngoặc nhọn, ví dụ x^{ab} hoặc {x^{a}}^{b}"
                } else {
                    "hai chỉ số dưới liên tiếp: hãy gộp bằng ngoặc nhọn, ví dụ x_{ab} hoặc {x_{a}}_{b}"
                },
            );
        }
        *slot = Some(arg);
        list.push(Node::Scripts { base, sub, sup });
        Ok(())
    }

    /// A required argument: `{…}` or a single token.
    fn parse_arg(&mut self, at: usize, what: &str) -> Result<Vec<Node>, MathError> {
        // Unbraced arguments (`\frac\frac…`) recurse without parse_list.
        self.depth += 1;
        let arg = self.parse_arg_inner(at, what);
        self.depth -= 1;
        arg
    }

    fn parse_arg_inner(&mut self, at: usize, what: &str) -> Result<Vec<Node>, MathError> {
        if self.depth > MAX_DEPTH {
            return err(self.pos, "công thức lồng nhau quá sâu");
        }
        self.skip_ws();
        let missing = || {
            err(
                at,
                format!("thiếu đối số sau {what} (hãy viết trong ngoặc nhọn {{…}})"),
            )
        };
        match self.peek() {
            None | Some('}' | '^' | '_') => missing(),
            Some('{') => {
                let open = self.pos;
                self.bump();
                Ok(self.parse_list(End::Brace(open))?.0)
            }
            Some('\\') => {
                let start = self.pos;
                let name = self.command_name();
                if matches!(name, "right" | "limits" | "nolimits") {
                    return missing();
                }
                Ok(vec![self.command(start, name)?])
            }
            Some(_) => Ok(vec![self.char_atom(true)?]),
        }
    }

    /// A plain character (or `{…}` group); `single` reads one character only
    /// (TeX semantics for `x^12` and `\frac12`).
    fn char_atom(&mut self, single: bool) -> Result<Node, MathError> {
        let start = self.pos;
        let Some(c) = self.peek() else {
            return err(start, "công thức kết thúc đột ngột");
        };
        match c {
            '{' => {
                self.bump();
                Ok(Node::Group(self.parse_list(End::Brace(start))?.0))
            }
            '0'..='9' => {
                let mut s = String::new();
                loop {
                    while let Some(d) = self.peek().filter(char::is_ascii_digit) {
                        s.push(d);
                        self.bump();
                        if single {
                            return Ok(atom(&s, Kind::Num, Cls::Ord));
                        }
                    }
                    // Decimal separators between digits: 3,5  3.5  3{,}5
                    let rest = &self.src[self.pos..];
                    let digit_at = |i: usize| rest[i..].starts_with(|c: char| c.is_ascii_digit());
                    if (rest.starts_with(',') || rest.starts_with('.')) && digit_at(1) {
                        s.push_str(&rest[..1]);
                        self.pos += 1;
                    } else if rest.starts_with("{,}") && digit_at(3) {
                        s.push(',');
                        self.pos += 3;
                    } else {
                        break;
                    }
                }
                Ok(atom(&s, Kind::Num, Cls::Ord))
            }
            c if c.is_alphabetic() => {
                let mut s = String::new();
                while let Some(l) = self.peek().filter(|c| c.is_alphabetic()) {
                    s.push(l);
                    self.bump();
                    if single {
                        break;
                    }
                }
                let kind = if self.upright || s.chars().count() > 1 {
                    Kind::Word
                } else {
                    Kind::Var
                };
                Ok(atom(&s, kind, Cls::Ord))
            }
            '&' => err(
                start,
                "ký tự '&' (căn cột) không được hỗ trợ; để viết dấu & hãy dùng \\&",
            ),
            '#' => err(
                start,
                "ký tự '#' không hợp lệ trong công thức; hãy dùng \\#",
            ),
            '%' => err(
                start,
                "dấu '%' bắt đầu chú thích trong TeX; để viết phần trăm hãy dùng \\%",
            ),
            '$' => err(start, "dấu '$' không hợp lệ bên trong công thức"),
            '}' | '^' | '_' => err(start, format!("ký tự '{c}' không đúng chỗ")),
            '~' => {
                self.bump();
                Ok(Node::Space(Space::Word))
            }
            _ => {
                self.bump();
                let (text, cls) = char_class(c);
                Ok(Node::Atom {
                    text,
                    kind: Kind::Sym,
                    cls,
                })
            }
        }
    }

    fn command(&mut self, start: usize, name: &'a str) -> Result<Node, MathError> {
        match name {
            "frac" | "dfrac" | "tfrac" => {
                let what = format!("\\{name}");
                let num = self.parse_arg(start, &what)?;
                let den = self.parse_arg(start, &format!("tử số của {what}"))?;
                let style = match name {
                    "dfrac" => FracStyle::Display,
                    "tfrac" => FracStyle::Text,
                    _ => FracStyle::Auto,
                };
                Ok(Node::Frac { num, den, style })
            }
            "sqrt" => {
                self.skip_ws();
                let index = if self.peek() == Some('[') {
                    let open = self.pos;
                    self.bump();
                    Some(self.parse_list(End::Bracket(open))?.0)
                } else {
                    None
                };
                let body = self.parse_arg(start, "\\sqrt")?;
                Ok(Node::Sqrt { index, body })
            }
            "left" => {
                let left = self.parse_delim(start, "left")?;
                let (body, right) = self.parse_list(End::Right(start))?;
                Ok(Node::Delim { left, body, right })
            }
            "text" => Ok(Node::Atom {
                text: self.parse_text_arg(start)?,
                kind: Kind::Text,
                cls: Cls::Ord,
            }),
            "mathrm" | "operatorname" => {
                let saved = self.upright;
                self.upright = true;
                let body = self.parse_arg(start, &format!("\\{name}"));
                self.upright = saved;
                Ok(Node::Upright {
                    body: body?,
                    op: name == "operatorname",
                })
            }
            "\\" => err(start, MSG_NEWLINE),
            "" => err(start, "dấu '\\' đứng cuối công thức"),
            _ => {
                if let Some((_, g)) = GREEK.iter().find(|(n, _)| *n == name) {
                    return Ok(atom(g, Kind::Var, Cls::Ord));
                }
                if let Some((_, g)) = GREEK_UPPER.iter().find(|(n, _)| *n == name) {
                    return Ok(atom(g, Kind::Word, Cls::Ord));
                }
                if let Some((_, s, cls)) = SYMBOLS.iter().find(|(n, ..)| *n == name) {
                    return Ok(atom(s, Kind::Sym, *cls));
                }
                if let Some((_, sp)) = SPACES.iter().find(|(n, _)| *n == name) {
                    return Ok(Node::Space(*sp));
                }
                if let Some((_, text, large, dl)) = BIG_OPS.iter().find(|(n, ..)| *n == name) {
                    return Ok(Node::BigOp {
                        text,
                        large: *large,
                        limits: Limits::Auto,
                        display_limits: *dl,
                    });
                }
                if FUNCTIONS.contains(&name) {
                    return Ok(atom(name, Kind::Word, Cls::Op));
                }
                err(
                    start,
                    format!(
                        "lệnh TeX không được hỗ trợ: \\{name} (các lệnh hỗ trợ: {})",
                        supported_commands()
                    ),
                )
            }
        }
    }

    /// `\text{…}`: raw text, spaces kept, a few escapes.
    fn parse_text_arg(&mut self, start: usize) -> Result<String, MathError> {
        self.skip_ws();
        if self.peek() != Some('{') {
            return err(
                start,
                "\\text cần nội dung trong ngoặc nhọn, ví dụ \\text{lợi nhuận}",
            );
        }
        let open = self.pos;
        self.bump();
        let mut depth = 0usize;
        let mut s = String::new();
        loop {
            let at = self.pos;
            let Some(c) = self.bump() else {
                return err(open, MSG_UNCLOSED);
            };
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                '\\' => match self.peek() {
                    Some(e @ ('%' | '&' | '#' | '$' | '_' | '{' | '}' | ' ')) => {
                        self.bump();
                        s.push(e);
                    }
                    Some('\\') => return err(at, MSG_NEWLINE),
                    _ => {
                        self.pos = at;
                        let name = self.command_name();
                        return err(
                            at,
                            format!(
                                "lệnh TeX không được hỗ trợ bên trong \\text: \\{name} (chỉ dùng được \\% \\& \\# \\_ \\{{ \\}})"
                            ),
                        );
                    }
                },
                '$' => return err(at, "không hỗ trợ công thức lồng bên trong \\text"),
                '~' => s.push('\u{a0}'),
                '\n' | '\r' | '\t' => s.push(' '),
                c => s.push(c),
            }
        }
        Ok(s)
    }

    fn parse_delim(&mut self, start: usize, which: &str) -> Result<&'static str, MathError> {
        self.skip_ws();
        let at = self.pos;
        let Some(c) = self.bump() else {
            return err(start, format!("thiếu dấu ngoặc sau \\{which}"));
        };
        let bad = |d: &str| {
            err(
                at,
                format!(
                    "dấu ngoặc không hợp lệ sau \\{which}: {d} (dùng ( ) [ ] | \\{{ \\}} hoặc . để bỏ trống)"
                ),
            )
        };
        Ok(match c {
            '(' => "(",
            ')' => ")",
            '[' => "[",
            ']' => "]",
            '|' => "|",
            '/' => "/",
            '.' => "",
            '\\' => {
                self.pos = at;
                match self.command_name() {
                    "{" | "lbrace" => "{",
                    "}" | "rbrace" => "}",
                    "|" | "Vert" => "‖",
                    "langle" => "⟨",
                    "rangle" => "⟩",
                    other => return bad(&format!("\\{other}")),
                }
            }
            c => return bad(&format!("'{c}'")),
        })
    }
}

// ---------------------------------------------------------------------------
// Layout.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    D,
    T,
    S,
    SS,
}

impl Style {
    fn size(self) -> f64 {
        match self {
            Style::D | Style::T => 1.0,
            Style::S => SCRIPT_SIZE,
            Style::SS => SCRIPTSCRIPT_SIZE,
        }
    }
    fn script(self) -> Style {
        match self {
            Style::D | Style::T => Style::S,
            Style::S | Style::SS => Style::SS,
        }
    }
    fn frac(self) -> Style {
        match self {
            Style::D => Style::T,
            Style::T => Style::S,
            Style::S | Style::SS => Style::SS,
        }
    }
    fn is_script(self) -> bool {
        matches!(self, Style::S | Style::SS)
    }
}

#[derive(Clone, Copy)]
struct Ctx {
    style: Style,
    /// Line height in effect (unitless, inherited through CSS).
    lh: f64,
}

impl Ctx {
    /// Extent of a text line box above / below the baseline.
    fn t0(self) -> f64 {
        FONT_C + self.lh / 2.0
    }
    fn b0(self) -> f64 {
        self.lh / 2.0 - FONT_C
    }
    fn with(self, style: Style) -> Ctx {
        Ctx { style, lh: self.lh }
    }
}

/// A rendered piece. Extents in em of the font size of the enclosing list.
struct Frag {
    html: String,
    /// Line-box contribution above / below the baseline.
    top: f64,
    bottom: f64,
    /// Ink above / below the baseline.
    h: f64,
    d: f64,
    /// `None` for explicit spaces.
    cls: Option<Cls>,
    /// A single character (TeX: scripts are not dropped to its box).
    simple: bool,
    /// Inline formulas may break after this (top-level relation or operator).
    brk: bool,
}

impl Frag {
    fn space(class: &str) -> Frag {
        Frag {
            html: format!("<span class=\"{class}\"></span>"),
            top: 0.0,
            bottom: 0.0,
            h: 0.0,
            d: 0.0,
            cls: None,
            simple: false,
            brk: false,
        }
    }
}

/// Concatenation of a list.
struct Row {
    html: String,
    top: f64,
    bottom: f64,
    h: f64,
    d: f64,
    simple: bool,
}

fn join(frags: Vec<Frag>) -> Row {
    let simple = frags.len() == 1 && frags[0].simple;
    let mut row = Row {
        html: String::new(),
        top: 0.0,
        bottom: 0.0,
        h: 0.0,
        d: 0.0,
        simple,
    };
    for f in frags {
        row.html.push_str(&f.html);
        row.top = row.top.max(f.top);
        row.bottom = row.bottom.max(f.bottom);
        row.h = row.h.max(f.h);
        row.d = row.d.max(f.d);
    }
    row
}

/// Formats an em value compactly.
fn num(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// Opening tag with class, optional relative size `r` and em-valued styles.
fn open_tag(elem: &str, class: &str, r: f64, styles: &[(&str, f64)]) -> String {
    let mut s = format!("<{elem} class=\"{class}");
    let mut style = String::new();
    if (r - SCRIPT_SIZE).abs() < 1e-9 {
        s.push_str(" msz-s");
    } else if (r - SCRIPTSCRIPT_SIZE / SCRIPT_SIZE).abs() < 1e-9 {
        s.push_str(" msz-ss");
    } else if (r - 1.0).abs() > 1e-9 {
        let _ = write!(style, "font-size:{}%;", num(r * 100.0));
    }
    s.push('"');
    for (prop, v) in styles {
        if v.abs() >= 0.0005 {
            let _ = write!(style, "{prop}:{}em;", num(*v));
        }
    }
    if !style.is_empty() {
        style.pop();
        let _ = write!(s, " style=\"{style}\"");
    }
    s.push('>');
    s
}

fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    super::highlight::escape_html_into(&mut s, text);
    s
}

/// Approximate ink height and depth of a run of characters.
fn ink(text: &str) -> (f64, f64) {
    let mut h: f64 = 0.0;
    let mut d: f64 = 0.0;
    for c in text.chars() {
        let ch = if "acemnorsuvwxzαγεϵικμνοπρσςτυωχ".contains(c) {
            X_HEIGHT
        } else if "+−=<>·×÷±∓≈∼:,.;∗≡→←⇒⇔… ".contains(c) {
            0.5
        } else if !c.is_ascii() && c.is_alphabetic() && !('\u{370}'..='\u{3ff}').contains(&c) {
            ACCENTED
        } else {
            CAP
        };
        h = h.max(ch);
        if "gjpqyQ()[]{}|/,;βγζηξρφϕςχψμ∫∑∏".contains(c) {
            d = d.max(DESC);
        }
    }
    (h, d)
}

/// TeX inter-atom spacing (TeXbook p. 170); negative = not in script styles.
fn spacing(l: Cls, r: Cls, script: bool) -> Option<&'static str> {
    const TABLE: [[i8; 8]; 8] = [
        [0, 1, -2, -3, 0, 0, 0, -1],
        [1, 1, 0, -3, 0, 0, 0, -1],
        [-2, -2, 0, 0, -2, 0, 0, -2],
        [-3, -3, 0, 0, -3, 0, 0, -3],
        [0, 0, 0, 0, 0, 0, 0, 0],
        [0, 1, -2, -3, 0, 0, 0, -1],
        [-1, -1, 0, -1, -1, -1, -1, -1],
        [-1, 1, -2, -3, -1, 0, -1, -1],
    ];
    let v = TABLE[l as usize][r as usize];
    if v < 0 && script {
        return None;
    }
    match v.abs() {
        1 => Some("msp1"),
        2 => Some("msp2"),
        3 => Some("msp3"),
        _ => None,
    }
}

fn render_list(nodes: &[Node], ctx: Ctx) -> Vec<Frag> {
    let mut frags: Vec<Frag> = nodes.iter().map(|n| render_node(n, ctx)).collect();

    // TeX rules 5 and 6: a binary operator with no left operand, or followed
    // by a relation/closing/punctuation, is ordinary.
    let idx: Vec<usize> = (0..frags.len())
        .filter(|&i| frags[i].cls.is_some())
        .collect();
    let mut prev: Option<Cls> = None;
    for &i in &idx {
        if frags[i].cls == Some(Cls::Bin)
            && matches!(
                prev,
                None | Some(Cls::Bin | Cls::Op | Cls::Rel | Cls::Open | Cls::Punct)
            )
        {
            frags[i].cls = Some(Cls::Ord);
        }
        prev = frags[i].cls;
    }
    for w in idx.windows(2) {
        if frags[w[0]].cls == Some(Cls::Bin)
            && matches!(frags[w[1]].cls, Some(Cls::Rel | Cls::Close | Cls::Punct))
        {
            frags[w[0]].cls = Some(Cls::Ord);
        }
    }
    if let Some(&last) = idx.last()
        && frags[last].cls == Some(Cls::Bin)
    {
        frags[last].cls = Some(Cls::Ord);
    }

    let mut out = Vec::with_capacity(frags.len() * 2);
    let mut prev: Option<Cls> = None;
    for mut f in frags {
        if let Some(c) = f.cls {
            if let Some(p) = prev
                && let Some(class) = spacing(p, c, ctx.style.is_script())
            {
                out.push(Frag::space(class));
            }
            prev = Some(c);
            f.brk = matches!(c, Cls::Rel | Cls::Bin);
        }
        out.push(f);
    }
    // The break goes after the space that follows the operator.
    for i in 0..out.len().saturating_sub(1) {
        if out[i].brk && out[i + 1].cls.is_none() {
            out[i].brk = false;
            out[i + 1].brk = true;
        }
    }
    out
}

fn render_node(node: &Node, ctx: Ctx) -> Frag {
    let (t0, b0) = (ctx.t0(), ctx.b0());
    let plain = |html: String, (h, d): (f64, f64), cls: Cls, simple: bool| Frag {
        html,
        top: t0,
        bottom: b0,
        h,
        d,
        cls: Some(cls),
        simple,
        brk: false,
    };
    match node {
        Node::Atom { text, kind, cls } => {
            let (open, close) = match kind {
                Kind::Var => ("<var class=\"mi\">", "</var>"),
                Kind::Word => ("<span class=\"mup\">", "</span>"),
                Kind::Num => ("<span class=\"mn\">", "</span>"),
                Kind::Sym if text == "≠" => ("<span class=\"mo mo-neq\">", "</span>"),
                Kind::Sym => ("<span class=\"mo\">", "</span>"),
                Kind::Text => ("<span class=\"mtext\">", "</span>"),
            };
            let html = format!("{open}{}{close}", escape(text));
            plain(html, ink(text), *cls, *kind != Kind::Text)
        }
        Node::Group(list) | Node::Upright { body: list, .. } => {
            let row = join(render_list(list, ctx));
            let cls = match node {
                Node::Upright { op: true, .. } => Cls::Op,
                _ => Cls::Ord,
            };
            Frag {
                html: row.html,
                top: row.top,
                bottom: row.bottom,
                h: row.h,
                d: row.d,
                cls: Some(cls),
                simple: row.simple,
                brk: false,
            }
        }
        Node::Space(sp) => Frag::space(match sp {
            Space::Thin => "msp1",
            Space::Medium => "msp2",
            Space::Thick => "msp3",
            Space::NegThin => "msp-neg",
            Space::Word => "msp-w",
            Space::Quad => "msp-q",
            Space::QQuad => "msp-qq",
        }),
        Node::BigOp { text, large, .. } => render_big_op(text, *large, ctx),
        Node::Frac { num, den, style } => render_frac(num, den, *style, ctx),
        Node::Sqrt { index, body } => render_sqrt(index.as_deref(), body, ctx),
        Node::Delim { left, body, right } => render_delim(left, body, right, ctx),
        Node::Scripts { base, sub, sup } => {
            if let Node::BigOp {
                text,
                large,
                limits,
                display_limits,
            } = **base
            {
                let above_below = match limits {
                    Limits::Yes => true,
                    Limits::No => false,
                    Limits::Auto => display_limits && ctx.style == Style::D,
                };
                if above_below {
                    return render_limits(text, large, sub.as_deref(), sup.as_deref(), ctx);
                }
            }
            let base = render_node(base, ctx);
            render_scripts(base, sub.as_deref(), sup.as_deref(), ctx)
        }
    }
}

/// Big operator glyph: size and vertical shift that centre it on the axis.
fn big_op_metrics(large: bool, ctx: Ctx) -> (f64, &'static str, f64) {
    if !large {
        return (1.0, "mop", 0.0);
    }
    let (f, class) = if ctx.style == Style::D {
        (BIG_OP_DISPLAY, "mop mop-lg-d")
    } else {
        (BIG_OP_TEXT, "mop mop-lg-t")
    };
    (f, class, AXIS - BIG_OP_CENTRE * f)
}

fn render_big_op(text: &str, large: bool, ctx: Ctx) -> Frag {
    let (f, class, shift) = big_op_metrics(large, ctx);
    let (hi, di) = if large {
        (BIG_OP_H * f, BIG_OP_D * f)
    } else {
        ink(text)
    };
    let mut html = open_tag("span", class, 1.0, &[("vertical-align", shift / f)]);
    html.push_str(text);
    html.push_str("</span>");
    Frag {
        html,
        top: shift + f * ctx.t0(),
        bottom: f * ctx.b0() - shift,
        h: shift + hi,
        d: di - shift,
        cls: Some(Cls::Op),
        simple: true,
        brk: false,
    }
}

fn render_scripts(base: Frag, sub: Option<&[Node]>, sup: Option<&[Node]>, ctx: Ctx) -> Frag {
    let sctx = ctx.with(ctx.style.script());
    let r = sctx.style.size() / ctx.style.size();
    let (st0, sb0) = (sctx.t0(), sctx.b0());
    let p = sup.map(|s| join(render_list(s, sctx)));
    let b = sub.map(|s| join(render_list(s, sctx)));

    // Shifts (TeXbook rule 18), in em of the base.
    let mut u = 0.0;
    let mut v = 0.0;
    if let Some(p) = &p {
        let def = match ctx.style {
            Style::D => 0.42,
            Style::T => 0.39,
            _ => 0.35,
        };
        u = f64::max(def, r * p.d + X_HEIGHT / 4.0);
        if !base.simple {
            u = u.max(base.h - 0.39 * r);
        }
    }
    if let Some(b) = &b {
        let def = if p.is_some() { 0.25 } else { 0.17 };
        v = f64::max(def, r * b.h - 0.8 * X_HEIGHT);
        if !base.simple {
            v = v.max(base.d + 0.05 * r);
        }
    }
    if let (Some(p), Some(b)) = (&p, &b) {
        let gap = (u - r * p.d) - (r * b.h - v);
        if gap < 4.0 * 0.04 {
            v += 0.16 - gap;
        }
    }

    let mut html = base.html;
    let (mut top, mut bottom) = (base.top, base.bottom);
    let (mut h, mut d) = (base.h, base.d);
    match (&p, &b) {
        (Some(p), None) => {
            html += &open_tag("span", "msup", r, &[("vertical-align", u / r)]);
            html += &p.html;
            html += "</span>";
            top = top.max(u + r * st0.max(p.top));
            bottom = bottom.max(r * sb0.max(p.bottom) - u);
            h = h.max(u + r * p.h);
            d = d.max(r * p.d - u);
        }
        (None, Some(b)) => {
            html += &open_tag("span", "msub", r, &[("vertical-align", -v / r)]);
            html += &b.html;
            html += "</span>";
            top = top.max(r * st0.max(b.top) - v);
            bottom = bottom.max(v + r * sb0.max(b.bottom));
            h = h.max(r * b.h - v);
            d = d.max(v + r * b.d);
        }
        (Some(p), Some(b)) => {
            // Stack: an inline block whose baseline is the subscript's.
            let (pt, pb) = (st0.max(p.top), sb0.max(p.bottom));
            let (bt, bb) = (st0.max(b.top), sb0.max(b.bottom));
            let m = (u + v) / r - bt - pb;
            html += &open_tag("span", "msubsup", r, &[("vertical-align", -v / r)]);
            html += "<span class=\"mss-sup\">";
            html += &p.html;
            html += "</span>";
            html += &open_tag("span", "mss-sub", 1.0, &[("margin-top", m)]);
            html += &b.html;
            html += "</span></span>";
            top = top.max(u + r * pt);
            bottom = bottom.max(v + r * bb);
            h = h.max(u + r * p.h);
            d = d.max(v + r * b.d);
        }
        (None, None) => {}
    }
    Frag {
        html,
        top,
        bottom,
        h,
        d,
        cls: base.cls,
        simple: false,
        brk: false,
    }
}

/// Display-style limits above and below a big operator.
fn render_limits(
    text: &str,
    large: bool,
    sub: Option<&[Node]>,
    sup: Option<&[Node]>,
    ctx: Ctx,
) -> Frag {
    let sctx = ctx.with(ctx.style.script());
    let r = sctx.style.size() / ctx.style.size();
    let (st0, sb0) = (sctx.t0(), sctx.b0());
    let (f, class, shift) = big_op_metrics(large, ctx);
    let (hi, di) = if large {
        (BIG_OP_H * f, BIG_OP_D * f)
    } else {
        ink(text)
    };
    let (op_top, op_bottom) = (f * ctx.t0(), f * ctx.b0());
    let p = sup.map(|s| join(render_list(s, sctx)));
    let b = sub.map(|s| join(render_list(s, sctx)));

    // Baseline distances (TeXbook rule 13a, big_op_spacing 1–4).
    let mut sym_off = 0.0;
    let mut under_gap = 0.0;
    if let Some(b) = &b {
        let dist = di + f64::max(0.167 + r * b.h, 0.6);
        under_gap = dist - op_bottom - r * st0.max(b.top);
        sym_off = dist;
    }
    let mut over_off = 0.0;
    let mut sym_gap = 0.0;
    if let Some(p) = &p {
        let dist = hi + f64::max(0.111 + r * p.d, 0.2);
        sym_gap = dist - r * sb0.max(p.bottom) - op_top;
        over_off = sym_off + dist;
    }
    let valign = shift - sym_off;

    let mut html = open_tag("span", "mlimits", 1.0, &[("vertical-align", valign)]);
    let (top, h) = if let Some(p) = &p {
        html += &open_tag("span", "mlim-over", r, &[]);
        html += &p.html;
        html += "</span>";
        (
            valign + over_off + r * st0.max(p.top),
            valign + over_off + r * p.h,
        )
    } else {
        (valign + sym_off + op_top, valign + sym_off + hi)
    };
    html += &open_tag(
        "span",
        &format!("mlim-op {class}"),
        1.0,
        &[("margin-top", sym_gap / f)],
    );
    html += text;
    html += "</span>";
    let (bottom, d) = if let Some(b) = &b {
        html += &open_tag("span", "mlim-under", r, &[("margin-top", under_gap / r)]);
        html += &b.html;
        html += "</span>";
        (r * sb0.max(b.bottom) - valign, r * b.d - valign)
    } else {
        (op_bottom - valign, di - valign)
    };
    html += "</span>";
    Frag {
        html,
        top,
        bottom,
        h,
        d,
        cls: Some(Cls::Op),
        simple: false,
        brk: false,
    }
}

fn render_frac(num: &[Node], den: &[Node], style: FracStyle, ctx: Ctx) -> Frag {
    let fs = match style {
        FracStyle::Display => Style::T,
        FracStyle::Text => Style::S,
        FracStyle::Auto => ctx.style.frac(),
    };
    let pctx = ctx.with(fs);
    let r = fs.size() / ctx.style.size();
    let n = join(render_list(num, pctx));
    let m = join(render_list(den, pctx));
    let (nt, nb) = (pctx.t0().max(n.top), pctx.b0().max(n.bottom));
    let (dt, db) = (pctx.t0().max(m.top), pctx.b0().max(m.bottom));

    // The inline block's baseline is the denominator's; put the bar on the axis.
    let valign = AXIS - r * (dt + FRAC_DEN_PAD + RULE / 2.0);
    let num_base = valign + r * (dt + FRAC_DEN_PAD + RULE + FRAC_NUM_PAD + nb);

    let mut html = open_tag("span", "mfrac", 1.0, &[("vertical-align", valign)]);
    html += &open_tag("span", "mnum", r, &[]);
    html += &n.html;
    html += "</span>";
    html += &open_tag("span", "mden", r, &[]);
    html += &m.html;
    html += "</span></span>";
    Frag {
        html,
        top: num_base + r * nt,
        bottom: r * db - valign,
        h: num_base + r * n.h,
        d: r * m.d - valign,
        cls: Some(Cls::Inner),
        simple: false,
        brk: false,
    }
}

fn render_sqrt(index: Option<&[Node]>, body: &[Node], ctx: Ctx) -> Frag {
    let bctx = Ctx {
        style: ctx.style,
        lh: SQRT_LINE_HEIGHT,
    };
    let b = join(render_list(body, bctx));
    let (bt, bb) = (bctx.t0().max(b.top), bctx.b0().max(b.bottom));
    // Top edge of the overline (the body's border) above the baseline.
    let over = bt + SQRT_PAD + RULE;
    let depth = f64::max(b.d + 0.08, RADICAL_DEPTH);

    let mut html = String::from("<span class=\"msqrt\">");
    if let Some(index) = index {
        let ictx = ctx.with(Style::SS);
        let r = Style::SS.size() / ctx.style.size();
        let i = join(render_list(index, ictx));
        let raise = 0.5 * (over + depth) - depth + 0.05;
        html += &open_tag("span", "msqrt-idx", r, &[("vertical-align", raise / r)]);
        html += &i.html;
        html += "</span>";
    }
    html += "<span class=\"msqrt-sign\">";
    html += &radical_svg(over, depth);
    // The sign is drawn, not typed: keep a '√' for copy and paste.
    html += "<span class=\"mcopy\">√</span></span><span class=\"msqrt-body\">";
    html += &b.html;
    html += "</span></span>";
    Frag {
        html,
        top: over.max(ctx.t0()),
        bottom: bb.max(ctx.b0()).max(depth),
        h: over,
        d: b.d.max(depth),
        cls: Some(Cls::Ord),
        simple: false,
        brk: false,
    }
}

/// The radical sign as inline SVG spanning from `depth` below the baseline to
/// `over` above it (a replaced element: its bottom sits exactly at its
/// vertical-align, whatever the font). Units: 1/1000 em.
fn radical_svg(over: f64, depth: f64) -> String {
    let total = over + depth;
    let h = (total * 1000.0).round();
    let w = RADICAL_WIDTH * 1000.0;
    let rule = RULE * 1000.0;
    // Hook, heavy down-stroke to the vertex, thin up-stroke to the overline.
    let (hx0, hy0) = (20.0, h - 390.0_f64.min(h * 0.5));
    let (hx1, hy1) = (115.0, hy0 - 50.0);
    let (vx, vy) = (280.0, h - 35.0);
    let tx = w - 40.0;
    let ty = rule / 2.0;
    format!(
        "<svg class=\"msqrt-svg\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 {w} {h}\" \
         style=\"width:{}em;height:{}em;vertical-align:{}em\">\
         <path d=\"M{hx0} {hy0}L{hx1} {hy1}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"45\"/>\
         <path d=\"M{hx1} {hy1}L{vx} {vy}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"85\"/>\
         <path d=\"M{vx} {vy}L{tx} {ty}H{w}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"{rule}\"/>\
         </svg>",
        num(RADICAL_WIDTH),
        num(h / 1000.0),
        num(-depth),
    )
}

fn render_delim(left: &str, body: &[Node], right: &str, ctx: Ctx) -> Frag {
    let b = join(render_list(body, ctx));
    // TeX: cover at least 90 % of the body around the axis (\delimiterfactor).
    let delta = (b.h - AXIS).max(b.d + AXIS);
    let need = f64::max(2.0 * delta * 0.901, 2.0 * delta - 0.5);
    let k = need / (2.0 * PAREN_HALF);
    let k = if k > 1.1 { k } else { 1.0 };
    let delim = |d: &str, class: &str| -> String {
        if d.is_empty() {
            return "<span class=\"mnull\"></span>".to_string();
        }
        let mut s = format!("<span class=\"mdelim {class}\"");
        if k > 1.0 {
            let _ = write!(
                s,
                " style=\"transform:scaleY({});transform-origin:50% {}em\"",
                num(k),
                num(ctx.t0() - PAREN_CENTRE)
            );
        }
        let _ = write!(s, ">{}</span>", escape(d));
        s
    };
    let html = format!(
        "{}{}{}",
        delim(left, "mopen"),
        b.html,
        delim(right, "mclose")
    );
    Frag {
        html,
        top: b.top.max(ctx.t0()),
        bottom: b.bottom.max(ctx.b0()),
        h: b.h.max(PAREN_CENTRE + PAREN_HALF * k),
        d: b.d.max(PAREN_HALF * k - PAREN_CENTRE),
        cls: Some(Cls::Inner),
        simple: false,
        brk: false,
    }
}

// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(tex: &str) -> String {
        render_math(tex, false).unwrap_or_else(|e| panic!("{tex}: {e}"))
    }

    fn disp(tex: &str) -> String {
        render_math(tex, true).unwrap_or_else(|e| panic!("{tex}: {e}"))
    }

    fn fail(tex: &str) -> MathError {
        match render_math(tex, false) {
            Ok(html) => panic!("{tex} should fail, got {html}"),
            Err(e) => e,
        }
    }

    #[test]
    fn wrapper_inline_and_display() {
        let h = ok("x");
        assert!(h.starts_with(
            "<span class=\"math math-inline\" role=\"math\" aria-label=\"x\"><span class=\"mrow\" aria-hidden=\"true\">"
        ));
        assert!(h.ends_with("</span></span>"));
        assert!(disp("x").starts_with("<span class=\"math math-display\" role=\"math\""));
    }

    #[test]
    fn single_letter_italic_words_upright() {
        let h = ok("x + NPV");
        assert!(h.contains("<var class=\"mi\">x</var>"));
        assert!(h.contains("<span class=\"mup\">NPV</span>"));
        assert!(!h.contains("<var class=\"mi\">N</var>"));
    }

    #[test]
    fn digits_and_decimal_comma() {
        let h = ok("3{,}5 + 0,25 + 1.000");
        assert!(h.contains("<span class=\"mn\">3,5</span>"));
        assert!(h.contains("<span class=\"mn\">0,25</span>"));
        assert!(h.contains("<span class=\"mn\">1.000</span>"));
        // A comma not between digits is punctuation followed by a thin space.
        let h = ok("a, b");
        assert!(h.contains("<span class=\"mo\">,</span><span class=\"msp1\"></span>"));
    }

    #[test]
    fn minus_is_unicode_and_spacing() {
        let h = ok("a-b");
        assert!(h.contains("<span class=\"mo\">−</span>"));
        assert!(!h.contains(">-<"));
        assert!(h.contains(
            "<span class=\"msp2\"></span><span class=\"mo\">−</span><span class=\"msp2\"></span>"
        ));
        // Unary minus: no binary spacing.
        let h = ok("-x");
        assert!(!h.contains("msp2"));
        // Relations get thick spaces.
        assert!(ok("a=b").contains(
            "<span class=\"msp3\"></span><span class=\"mo\">=</span><span class=\"msp3\"></span>"
        ));
    }

    #[test]
    fn operators_and_escaping_of_lt_gt() {
        let h = ok("a < b > c / (d) [e] |f|");
        assert!(h.contains("&lt;"));
        assert!(h.contains("&gt;"));
        assert!(!h.contains("<span class=\"mo\"><</span>"));
        assert!(h.contains("aria-label=\"a &lt; b &gt; c / (d) [e] |f|\""));
    }

    #[test]
    fn aria_label_escapes_quotes_and_ampersand() {
        let h = ok("\\text{\"a\" \\& b}");
        assert!(h.contains("aria-label=\"\\text{&quot;a&quot; \\&amp; b}\""));
        assert!(h.contains("<span class=\"mtext\">&quot;a&quot; &amp; b</span>"));
    }

    #[test]
    fn superscript_and_subscript() {
        let h = ok("x^{2}");
        assert!(h.contains(
            "<var class=\"mi\">x</var><span class=\"msup msz-s\" style=\"vertical-align:"
        ));
        assert!(h.contains("<span class=\"mn\">2</span></span>"));
        let h = ok("x^2");
        assert!(h.contains("msup msz-s"));
        let h = ok("x_{t}");
        assert!(h.contains("<span class=\"msub msz-s\" style=\"vertical-align:-"));
        // TeX: a bare script takes one token.
        let h = ok("x^12");
        assert!(h.contains("<span class=\"mn\">1</span></span><span class=\"mn\">2</span>"));
    }

    #[test]
    fn combined_scripts_stack() {
        for tex in ["x_t^2", "x^2_t", "x_{t}^{2}"] {
            let h = ok(tex);
            assert!(h.contains("class=\"msubsup msz-s\""), "{tex}");
            assert!(h.contains("<span class=\"mss-sup\"><span class=\"mn\">2</span></span>"));
            assert!(h.contains("<var class=\"mi\">t</var></span></span>"));
        }
    }

    #[test]
    fn nested_scripts_use_scriptscript() {
        let h = ok("e^{x^2}");
        assert!(h.contains("msup msz-ss"));
    }

    #[test]
    fn fraction_structure() {
        let h = disp("\\frac{a}{b}");
        assert!(h.contains("<span class=\"mfrac\" style=\"vertical-align:"));
        assert!(h.contains("<span class=\"mnum\"><var class=\"mi\">a</var></span><span class=\"mden\"><var class=\"mi\">b</var></span>"));
        // Inline: parts in script size.
        let h = ok("\\frac{a}{b}");
        assert!(h.contains("<span class=\"mnum msz-s\">"));
        // \dfrac keeps full size inline, \tfrac shrinks in display.
        assert!(ok("\\dfrac{a}{b}").contains("<span class=\"mnum\">"));
        assert!(disp("\\tfrac{a}{b}").contains("<span class=\"mnum msz-s\">"));
        // TeX single-token arguments.
        assert!(
            disp("\\frac12").contains("<span class=\"mnum\"><span class=\"mn\">1</span></span>")
        );
    }

    #[test]
    fn fraction_bar_on_axis() {
        // Bar centre = valign + dt + pad + rule/2 must be the axis.
        let h = disp("\\frac{a}{b}");
        let t0 = FONT_C + LINE_HEIGHT / 2.0;
        let expect = AXIS - (t0 + FRAC_DEN_PAD + RULE / 2.0);
        assert!(
            h.contains(&format!("vertical-align:{}em", num(expect))),
            "{h}"
        );
    }

    #[test]
    fn nested_fraction_is_lower() {
        let simple = disp("\\frac{1}{x}");
        let nested = disp("\\frac{1}{\\frac{1}{x}}");
        let va = |h: &str| -> f64 {
            let i = h.find("vertical-align:").unwrap() + 15;
            h[i..h[i..].find("em").unwrap() + i].parse().unwrap()
        };
        assert!(va(&nested) < va(&simple) - 0.2);
        assert_eq!(nested.matches("class=\"mfrac\"").count(), 2);
    }

    #[test]
    fn sum_limits_display_and_inline() {
        let d = disp("\\sum_{t=1}^{n} x_t");
        assert!(d.contains("<span class=\"mlimits\""));
        assert!(d.contains("<span class=\"mlim-over msz-s\"><var class=\"mi\">n</var></span>"));
        assert!(d.contains("mlim-op mop mop-lg-d"));
        assert!(d.contains(">∑</span>"));
        assert!(d.contains("<span class=\"mlim-under msz-s\""));
        let i = ok("\\sum_{t=1}^{n} x_t");
        assert!(!i.contains("mlimits"));
        assert!(i.contains("mop mop-lg-t"));
        assert!(i.contains("msubsup"));
        // \prod, \limits / \nolimits
        assert!(disp("\\prod_{i=1}^{n} a_i").contains(">∏</span>"));
        assert!(ok("\\sum\\limits_{i} a").contains("mlimits"));
        assert!(!disp("\\sum\\nolimits_{i} a").contains("mlimits"));
    }

    #[test]
    fn sqrt_renders_radical_and_overline() {
        let h = ok("\\sqrt{x}");
        assert!(
            h.contains("<span class=\"msqrt\"><span class=\"msqrt-sign\"><svg class=\"msqrt-svg\"")
        );
        assert!(h.contains("stroke=\"currentColor\""));
        assert!(h.contains("<span class=\"mcopy\">√</span></span><span class=\"msqrt-body\"><var class=\"mi\">x</var></span></span>"));
        // A taller body gets a taller sign.
        let height = |h: &str| -> f64 {
            let i = h.find("height:").unwrap() + 7;
            h[i..h[i..].find("em").unwrap() + i].parse().unwrap()
        };
        let tall = ok("\\sqrt{\\dfrac{a}{b}}");
        assert!(height(&tall) > height(&h) + 0.8, "{tall}");
        assert!(ok("\\sqrt[3]{x}").contains("msqrt-idx"));
    }

    #[test]
    fn symbol_commands() {
        let h = ok(
            "a \\times b \\cdot c \\div d \\pm e \\approx f \\le g \\leq h \\ge i \\geq j \\ne k \\neq l \\to m \\rightarrow n \\Rightarrow o \\infty \\ldots \\cdots",
        );
        for s in [
            "×", "·", "÷", "±", "≈", "≤", "≥", "≠", "→", "⇒", "∞", "…", "⋯",
        ] {
            assert!(h.contains(&format!(">{s}</span>")), "{s}");
        }
        assert!(ok("100\\%").contains("<span class=\"mo\">%</span>"));
    }

    #[test]
    fn spaces() {
        let h = ok("a\\,b\\;c\\quad d\\qquad e\\!f\\ g~h");
        for c in ["msp1", "msp3", "msp-q", "msp-qq", "msp-neg", "msp-w"] {
            assert!(h.contains(&format!("<span class=\"{c}\"></span>")), "{c}");
        }
    }

    #[test]
    fn greek_letters() {
        let h = ok("\\alpha + \\beta + \\eta + \\omega + \\varepsilon");
        for g in ["α", "β", "η", "ω", "ε"] {
            assert!(h.contains(&format!("<var class=\"mi\">{g}</var>")), "{g}");
        }
        let h = ok("\\Delta \\Sigma \\Omega \\Phi \\Pi");
        for g in ["Δ", "Σ", "Ω", "Φ", "Π"] {
            assert!(
                h.contains(&format!("<span class=\"mup\">{g}</span>")),
                "{g}"
            );
        }
    }

    #[test]
    fn text_keeps_vietnamese_and_spaces() {
        let h = ok("Q_{\\text{hữu ích}}");
        assert!(h.contains("<span class=\"mtext\">hữu ích</span>"));
        let h = ok("x \\text{ nếu  có } y");
        assert!(h.contains("<span class=\"mtext\"> nếu  có </span>"));
        let h = ok("\\mathrm{Lợi nhuận}_t");
        assert!(h.contains("<span class=\"mup\">Lợi</span><span class=\"mtext\"> </span><span class=\"mup\">nhuận</span>"));
        assert!(ok("\\mathrm{d}x").contains("<span class=\"mup\">d</span>"));
    }

    #[test]
    fn efficiency_formula() {
        let h = disp("\\eta = \\frac{Q_{\\text{hữu ích}}}{Q_{\\text{cấp vào}}} \\times 100\\%");
        assert!(h.contains("<var class=\"mi\">η</var>"));
        assert!(h.contains("hữu ích"));
        assert!(h.contains("cấp vào"));
        assert!(h.contains(">×</span>"));
        assert!(h.contains("<span class=\"mn\">100</span>"));
    }

    #[test]
    fn npv_formula() {
        let h = disp("NPV = \\sum_{t=1}^{n} \\frac{CF_t}{(1+r)^t} - I_0");
        assert!(h.contains("<span class=\"mup\">NPV</span>"));
        assert!(h.contains("<span class=\"mup\">CF</span><span class=\"msub msz-s\""));
        assert!(h.contains("mlimits"));
        assert!(h.contains("mfrac"));
        assert!(h.contains(">−</span>"));
    }

    #[test]
    fn left_right_delimiters() {
        let h = disp("\\left( \\frac{a}{b} \\right)");
        assert!(h.contains("<span class=\"mdelim mopen\" style=\"transform:scaleY("));
        assert!(h.contains(">(</span>"));
        assert!(h.contains(">)</span>"));
        let h = ok("\\left[ x \\right]");
        assert!(h.contains("<span class=\"mdelim mopen\">[</span>"));
        assert!(h.contains("<span class=\"mdelim mclose\">]</span>"));
        assert!(ok("\\left. x \\right|").contains("<span class=\"mnull\"></span>"));
    }

    #[test]
    fn inline_breaks_after_relations() {
        let h = ok("a = b + c");
        assert!(h.contains("mrow-wrap"));
        assert_eq!(h.matches("<span class=\"mbrk\"></span>").count(), 2);
        assert_eq!(disp("a = b + c").matches("mbrk").count(), 2);
        assert!(!ok("ab").contains("mbrk"));
        assert!(!ok("a+").contains("mbrk"));
    }

    #[test]
    fn error_unknown_command() {
        let e = fail("a + \\foo{b}");
        assert_eq!(e.offset, 4);
        assert!(
            e.message
                .starts_with("lệnh TeX không được hỗ trợ: \\foo (các lệnh hỗ trợ: ")
        );
        assert!(e.message.contains("\\frac"));
    }

    #[test]
    fn error_unbalanced_braces() {
        let e = fail("\\frac{a}{b");
        assert_eq!(e.offset, 8);
        assert!(e.message.contains("'}'"));
        let e = fail("a}b");
        assert_eq!(e.offset, 1);
        let e = fail("\\text{abc");
        assert_eq!(e.offset, 5);
    }

    #[test]
    fn error_line_break_and_alignment() {
        let e = fail("a \\\\ b");
        assert_eq!(e.offset, 2);
        assert!(e.message.contains("xuống dòng"));
        assert_eq!(fail("a & b").offset, 2);
        assert!(fail("50%").message.contains("\\%"));
    }

    #[test]
    fn error_left_right_mismatch() {
        assert_eq!(fail("\\left( x").offset, 0);
        assert_eq!(fail("x \\right)").offset, 2);
        assert_eq!(fail("\\left< x \\right)").offset, 5);
    }

    #[test]
    fn error_scripts() {
        let e = fail("x^2^3");
        assert_eq!(e.offset, 3);
        assert_eq!(fail("x_").offset, 1);
        assert_eq!(fail("\\frac{a}").offset, 0);
    }

    #[test]
    fn error_offsets_are_bytes() {
        // "ữ" is 3 bytes in UTF-8.
        let e = fail("ữ + \\bar{x}");
        assert_eq!(e.offset, "ữ + ".len());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let tex = "{".repeat(500) + &"}".repeat(500);
        assert!(fail(&tex).message.contains("quá sâu"));
    }

    #[test]
    fn deep_unbraced_arguments_are_an_error() {
        let tex = "\\frac".repeat(5000);
        assert!(fail(&tex).message.contains("quá sâu"));
        let tex = "\\sqrt".repeat(5000) + "x";
        assert!(fail(&tex).message.contains("quá sâu"));
        assert!(fail("x^2^2").message.contains("hai chỉ số trên"));
    }

    #[test]
    fn arbitrary_input_never_panics() {
        const TOKENS: &[&str] = &[
            "x",
            "ab",
            "1",
            "2,5",
            "{",
            "}",
            "^",
            "_",
            "\\frac",
            "\\sqrt",
            "[",
            "]",
            "(",
            ")",
            "\\left(",
            "\\right)",
            "\\left.",
            "\\sum",
            "\\limits",
            "\\text{ế}",
            "\\mathrm{a b}",
            "+",
            "-",
            "=",
            "'",
            "\\,",
            "\\",
            "&",
            "%",
            "\\%",
            "ữ",
            " ",
            "\\alpha",
            "\\foo",
            "{,}",
            "<",
            "\"",
            "\\dfrac",
            "\\right",
            "\\left",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let mut tex = String::new();
            for _ in 0..(seed % 14) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                tex.push_str(TOKENS[(seed % TOKENS.len() as u64) as usize]);
            }
            for display in [false, true] {
                match render_math(&tex, display) {
                    Ok(html) => assert!(html.starts_with("<span class=\"math ")),
                    Err(e) => {
                        assert!(e.offset <= tex.len(), "{tex}: {e}");
                        assert!(tex.is_char_boundary(e.offset));
                        assert!(!e.message.is_empty());
                    }
                }
            }
        }
    }

    #[test]
    fn not_equal_gets_symbol_font_class() {
        assert!(ok("a \\ne b").contains("<span class=\"mo mo-neq\">≠</span>"));
        assert!(ok("a ≠ b").contains("mo-neq"));
    }

    #[test]
    fn empty_and_whitespace() {
        assert!(ok("").contains("<span class=\"mrow\" aria-hidden=\"true\"></span>"));
        assert_eq!(
            ok("a+b"),
            ok("  a  +  b  ").replace("aria-label=\"a  +  b\"", "aria-label=\"a+b\"")
        );
    }

    #[test]
    fn functions_and_operatorname() {
        let h = ok("\\ln x + \\operatorname{NPV}(r)");
        assert!(h.contains(
            "<span class=\"mup\">ln</span><span class=\"msp1\"></span><var class=\"mi\">x</var>"
        ));
        assert!(h.contains("<span class=\"mup\">NPV</span>"));
    }

    #[test]
    fn num_formatting() {
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(-0.0001), "0");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.125), "-0.125");
    }
}
