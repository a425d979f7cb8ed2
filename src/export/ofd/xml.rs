//! The XML of an OFD part. Every element carries the literal `ofd:` prefix, bound once on
//! the root to the OFD namespace: a reader known to look elements up by their prefixed
//! name rejects a package written with a default namespace.

use quick_xml::escape::escape;

pub const NAMESPACE: &str = "http://www.ofdspec.org/2016";

/// One XML part, written start to end; `close` ends the innermost open element.
pub struct Xml {
    out: String,
    open: Vec<&'static str>,
}

impl Xml {
    /// A part whose root element is `name`.
    pub fn new(name: &'static str, attrs: &[(&str, &str)]) -> Xml {
        let mut x = Xml {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            open: Vec::new(),
        };
        let mut all = vec![("xmlns:ofd", NAMESPACE)];
        all.extend_from_slice(attrs);
        x.start(name, &all);
        x.out.push('>');
        x.open.push(name);
        x
    }

    pub fn open(&mut self, name: &'static str, attrs: &[(&str, &str)]) {
        self.start(name, attrs);
        self.out.push('>');
        self.open.push(name);
    }

    pub fn close(&mut self) {
        if let Some(name) = self.open.pop() {
            self.end(name);
        }
    }

    /// An element with text content, or empty when `text` is.
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start(name, attrs);
        if text.is_empty() {
            self.out.push_str("/>");
        } else {
            self.out.push('>');
            self.out.push_str(&escape(xml_chars(text)));
            self.end(name);
        }
    }

    /// The part's bytes, every element closed.
    pub fn finish(mut self) -> Vec<u8> {
        while !self.open.is_empty() {
            self.close();
        }
        self.out.into_bytes()
    }

    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.out.push_str("<ofd:");
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            self.out.push_str(&escape(xml_chars(v)));
            self.out.push('"');
        }
    }

    fn end(&mut self, name: &str) {
        self.out.push_str("</ofd:");
        self.out.push_str(name);
        self.out.push('>');
    }
}

/// The text without the characters XML 1.0 cannot carry (most control characters): a part
/// holding one is not well-formed and no reader opens the package.
fn xml_chars(s: &str) -> String {
    s.chars().filter(|&c| is_xml_char(c)).collect()
}

pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_carry_the_prefix_and_text_is_escaped() {
        let mut x = Xml::new("Document", &[]);
        x.open("CommonData", &[]);
        x.leaf("MaxUnitID", &[], "3");
        x.close();
        x.leaf("Title", &[("Lang", "a\"b")], "<甲&乙>\u{1}");
        x.leaf("Empty", &[("ID", "1")], "");
        let s = String::from_utf8(x.finish()).unwrap();
        assert_eq!(
            s,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <ofd:Document xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:CommonData>\
             <ofd:MaxUnitID>3</ofd:MaxUnitID></ofd:CommonData>\
             <ofd:Title Lang=\"a&quot;b\">&lt;甲&amp;乙&gt;</ofd:Title>\
             <ofd:Empty ID=\"1\"/></ofd:Document>"
        );
    }
}
