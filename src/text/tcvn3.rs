//! TCVN3 (ABC), the 8-bit Vietnamese encoding of the 1990s: documents typed with it and then
//! read as Latin-1 show `s¶n xuÊt` for `sản xuất`. Search repairs such text when it builds the
//! index and `sotay check` reports it; both read it with this one table.

/// TCVN3 letters, as the Latin-1 characters they are mistaken for…
const FROM: &str =
    "¡¢£¤¥¦§¨©ª«¬\u{AD}®µ¶·¸¹»¼½¾ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖ×ØÜÝÞßáâãäåæçèéêëìíîïñòóôõö÷øùúûüýþ";
/// …and the Vietnamese letters they stand for, in the same order.
const TO: &str = "ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ";

/// The Vietnamese letter that TCVN3 byte `c` (read as Latin-1) stands for, if any.
pub fn letter(c: char) -> Option<char> {
    FROM.chars()
        .position(|x| x == c)
        .and_then(|i| TO.chars().nth(i))
}

/// Reads `text` as TCVN3 that was taken for Latin-1; other characters are kept.
pub fn decode(text: &str) -> String {
    text.chars().map(|c| letter(c).unwrap_or(c)).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_tcvn3_taken_for_latin1() {
        assert_eq!(super::FROM.chars().count(), super::TO.chars().count());
        assert_eq!(super::decode("s¶n xuÊt s¹ch h¬n"), "sản xuất sạch hơn");
        assert_eq!(super::decode("n\u{AD}íc th¶i"), "nước thải");
    }
}
