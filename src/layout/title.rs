//! Splitting a long title into lines that keep words whole and form a trapezoid or a diamond
//! (梯形/菱形), never an hourglass. Word boundaries come from the jieba segmenter and its
//! dictionary, so that 全面, 依法行政 or 营商环境 are never torn across lines.
//!
//! The segmenter is given, for each title, only the dictionary's words that occur in it: built
//! whole, jieba's dictionary (349,045 words) takes 175 ms and 37 MB, five times the rest of a
//! report's build, for a title of some thirty characters. Segmenting a text reads no word that
//! is not part of it, and the total frequency that turns each word's count into a probability
//! is kept whole (one entry that cannot occur in the text carries the rest), so the words
//! found are the very words the whole dictionary gives. `jieba/dict.txt.zst` is the dictionary
//! of jieba-rs 0.11.0 (`src/data/dict.txt`, MIT: `jieba/LICENSE`), compressed with `zstd -19`.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use jieba_rs::Jieba;

use super::tibetan::{is_tibetan, may_break_between};
use crate::hanzi::{forbidden_end, forbidden_start, is_wide};

/// jieba's dictionary: one `word frequency tag` line per word.
static DICTIONARY: &[u8] = include_bytes!("jieba/dict.txt.zst");

/// Names of bodies and documents a title holds, which the general dictionary splits, with the
/// frequency that keeps them whole.
const OWN_WORDS: [&str; 8] = [
    "法治政府",
    "人民政府",
    "依法行政",
    "营商环境",
    "工作要点",
    "实施方案",
    "实施意见",
    "年度报告",
];
const OWN_FREQUENCY: usize = 100_000;

/// For each of `texts`, a segmenter that finds in it what one holding the whole dictionary
/// (plus [`OWN_WORDS`]) finds: the dictionary's words that occur in the text, and the total
/// frequency. One reading of the dictionary serves them all.
pub(crate) fn segmenters_for(texts: &[&str]) -> Vec<Jieba> {
    let mut found: Vec<HashMap<String, (usize, String)>> = vec![HashMap::new(); texts.len()];
    let mut total: usize = 0;
    let mut own_seen = [false; OWN_WORDS.len()];
    let mut keep = |word: &str, freq: usize, tag: &str| {
        for (text, found) in texts.iter().zip(found.iter_mut()) {
            if text.contains(word) {
                found.insert(word.to_string(), (freq, tag.to_string()));
            }
        }
    };
    // Whole (5 MB, for a moment): far quicker to read than line by line from the stream.
    let dictionary = zstd::stream::decode_all(DICTIONARY).unwrap_or_default();
    for line in String::from_utf8_lossy(&dictionary).lines() {
        let mut fields = line.split_ascii_whitespace();
        let Some(word) = fields.next() else { continue };
        let mut freq = fields.next().and_then(|f| f.parse().ok()).unwrap_or(0);
        if let Some(k) = OWN_WORDS.iter().position(|w| *w == word) {
            own_seen[k] = true;
            freq = OWN_FREQUENCY;
        }
        total += freq;
        keep(word, freq, fields.next().unwrap_or(""));
    }
    for (k, word) in OWN_WORDS.iter().enumerate() {
        if !own_seen[k] {
            total += OWN_FREQUENCY;
            keep(word, OWN_FREQUENCY, "");
        }
    }
    texts
        .iter()
        .zip(found)
        .map(|(text, found)| {
            let mut entries: Vec<(String, (usize, String))> = found.into_iter().collect();
            entries.sort();
            let mut dict = String::new();
            let mut kept = 0;
            for (word, (freq, tag)) in entries {
                kept += freq;
                dict.push_str(&format!("{word} {freq} {tag}\n"));
            }
            // Longer than the text, so never part of it: it only completes the total.
            let filler = "\u{E000}".repeat(text.chars().count() + 1);
            dict.push_str(&format!("{filler} {} x\n", total - kept));
            Jieba::with_dict(&mut dict.as_bytes()).unwrap_or_else(|_| Jieba::empty())
        })
        .collect()
}

/// `b[i]` is true when a word of `text` ends before its `i`-th character (and at both ends).
pub fn word_boundaries(text: &str) -> Vec<bool> {
    // A title is measured by `check` and by the layout, often more than once: segment it once.
    static SEEN: OnceLock<Mutex<HashMap<String, Vec<bool>>>> = OnceLock::new();
    let seen = SEEN.get_or_init(Default::default);
    if let Some(b) = seen.lock().ok().and_then(|m| m.get(text).cloned()) {
        return b;
    }
    let n = text.chars().count();
    let mut b = vec![false; n + 1];
    b[0] = true;
    b[n] = true;
    let segmenter = segmenters_for(&[text]).pop().unwrap_or_else(Jieba::empty);
    for t in segmenter.cut(text, false) {
        b[t.start] = true;
        b[t.end] = true;
    }
    if let Ok(mut m) = seen.lock() {
        // Bounded: a batch of reports never holds more than a few hundred titles here.
        if m.len() >= 256 {
            m.clear();
        }
        m.insert(text.to_string(), b.clone());
    }
    b
}

/// How many lines `text` takes at most `max` wide, split as [`split`] splits it.
pub fn line_count(text: &str, max: f32, measure: &dyn Fn(&str) -> f32) -> usize {
    split(text, max, measure).len()
}

/// Words that usually begin a phrase of a title: a break before them reads naturally.
const BREAK_BEFORE: &[&str] = &[
    "关于",
    "和",
    "与",
    "及",
    "暨",
    "并",
    "的通知",
    "的报告",
    "的请示",
    "的意见",
    "的决定",
    "的批复",
    "的函",
    "实施",
    "工作",
    "情况",
    "年度",
    "专项",
    "进一步",
];
/// Endings after which a break reads naturally.
const BREAK_AFTER: &[&str] = &[
    "的",
    "、",
    "，",
    "：",
    "人民政府",
    "委员会",
    "办公室",
    "司法局",
    "政府",
    "县",
    "市",
    "区",
    "省",
    "局",
    "年",
    "年度",
    "关于",
];
/// Never break inside these (they would read as broken words).
const KEEP: &[&str] = &[
    "人民政府",
    "法治政府",
    "委员会",
    "办公室",
    "工作要点",
    "实施方案",
];

/// Splits `text` into lines no wider than `max` (width from `measure`, in the same unit).
/// Returns the text unchanged, as one line, when it fits.
pub fn split(text: &str, max: f32, measure: &dyn Fn(&str) -> f32) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    if measure(text) <= max || chars.len() < 4 {
        return vec![text.to_string()];
    }
    let words = word_boundaries(text);
    // Between words first; only a title that cannot be split so (one long word) is cut
    // inside a word, which is still better than a line past the type area.
    split_at(&chars, max, measure, &words)
        .or_else(|| split_at(&chars, max, measure, &vec![true; chars.len() + 1]))
        .unwrap_or_else(|| vec![text.to_string()])
}

fn split_at(
    chars: &[char],
    max: f32,
    measure: &dyn Fn(&str) -> f32,
    words: &[bool],
) -> Option<Vec<String>> {
    let n = chars.len();
    let text: String = chars.iter().collect();
    // Score of a break before char i (0 < i < n); None when the break is not allowed.
    let score: Vec<Option<f32>> = (0..=n)
        .map(|i| break_score(chars, i).filter(|_| words[i]))
        .collect();
    let allowed: Vec<usize> = (1..n).filter(|&i| score[i].is_some()).collect();
    let widths = |cuts: &[usize]| -> Vec<f32> {
        let mut b = vec![0];
        b.extend_from_slice(cuts);
        b.push(n);
        b.windows(2)
            .map(|w| measure(&chars[w[0]..w[1]].iter().collect::<String>()))
            .collect()
    };
    let mut best: Option<(f32, Vec<usize>)> = None;
    let total = measure(&text);
    let min_lines = ((total / max).ceil() as usize).max(2);
    for lines in min_lines..=(min_lines + 1).min(5) {
        let mut cuts = Vec::new();
        search(&allowed, lines - 1, 0, &mut cuts, &mut |c| {
            let w = widths(c);
            if w.iter().any(|&x| x > max + 0.01) {
                return;
            }
            let mean = w.iter().sum::<f32>() / w.len() as f32;
            let mut cost: f32 = w.iter().map(|x| (x - mean).abs()).sum::<f32>() / max * 10.0;
            // An hourglass (a middle line shorter than both neighbours) is not allowed.
            for k in 1..w.len().saturating_sub(1) {
                if w[k] + 0.01 < w[k - 1] && w[k] + 0.01 < w[k + 1] {
                    cost += 1000.0;
                }
            }
            // Above three lines a diamond or trapezoid must grow then shrink at most once.
            cost += c
                .iter()
                .map(|&i| 3.0 - score[i].unwrap_or(0.0))
                .sum::<f32>();
            cost += (lines - min_lines) as f32 * 4.0;
            if best.as_ref().is_none_or(|(b, _)| cost < *b) {
                best = Some((cost, c.to_vec()));
            }
        });
    }
    let (_, cuts) = best?;
    let mut b = vec![0];
    b.extend(cuts);
    b.push(n);
    Some(
        b.windows(2)
            .map(|w| chars[w[0]..w[1]].iter().collect())
            .collect(),
    )
}

fn search(
    allowed: &[usize],
    k: usize,
    from: usize,
    cuts: &mut Vec<usize>,
    f: &mut dyn FnMut(&[usize]),
) {
    if k == 0 {
        f(cuts);
        return;
    }
    for (j, &i) in allowed.iter().enumerate().skip(from) {
        if cuts.last().is_some_and(|&l| i <= l) {
            continue;
        }
        cuts.push(i);
        search(allowed, k - 1, j + 1, cuts, f);
        cuts.pop();
    }
}

fn break_score(chars: &[char], i: usize) -> Option<f32> {
    if i == 0 || i >= chars.len() {
        return None;
    }
    let (prev, next) = (chars[i - 1], chars[i]);
    if forbidden_start(next) || forbidden_end(prev) {
        return None;
    }
    // Tibetan breaks after its syllables, as in running text; beside Chinese, as Chinese does.
    if is_tibetan(prev) && is_tibetan(next) {
        return may_break_between(prev, next).then_some(0.5);
    }
    if (is_tibetan(prev) || is_tibetan(next)) && !may_break_between(prev, next) {
        return None;
    }
    // Latin letters and digits stay together ("2025年" may break after 年, never inside 2025).
    if !is_wide(prev) && !is_wide(next) {
        return None;
    }
    let before: String = chars[..i].iter().collect();
    let after: String = chars[i..].iter().collect();
    for k in KEEP {
        let kc: Vec<char> = k.chars().collect();
        for cut in 1..kc.len() {
            let (l, r): (String, String) = (kc[..cut].iter().collect(), kc[cut..].iter().collect());
            if before.ends_with(&l) && after.starts_with(&r) {
                return None;
            }
        }
    }
    // Keep a number with the character that follows it (2025年, 3号).
    if !is_wide(prev) && prev.is_ascii_alphanumeric() {
        return Some(0.0);
    }
    let mut s: f32 = 0.5;
    if BREAK_BEFORE.iter().any(|w| after.starts_with(w)) {
        s = s.max(3.0);
    }
    if BREAK_AFTER.iter().any(|w| before.ends_with(w)) {
        s = s.max(2.5);
    }
    if matches!(prev, '、' | '，' | '　' | ' ') {
        s = 3.0;
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the segmenter holding the whole dictionary finds in `text`.
    fn whole_dictionary_words(text: &str) -> Vec<(usize, usize)> {
        static WHOLE: OnceLock<Jieba> = OnceLock::new();
        let whole = WHOLE.get_or_init(|| {
            let mut j = Jieba::new();
            for w in OWN_WORDS {
                j.add_word(w, Some(OWN_FREQUENCY), None);
            }
            j
        });
        whole
            .cut(text, false)
            .iter()
            .map(|t| (t.start, t.end))
            .collect()
    }

    #[test]
    fn a_titles_own_words_segment_it_as_the_whole_dictionary_does() {
        let sample = include_str!("../../input/purang-2025.yaml");
        let mut texts: Vec<String> = vec![
            "普兰县人民政府关于报送2025年度法治政府建设情况和2026年工作安排的报告".into(),
            "阿里地区普兰县人民政府关于2025年度全面推进依法行政和法治政府建设工作情况的年度报告"
                .into(),
            "关于进一步优化营商环境 深化“放管服”改革的实施意见".into(),
            String::new(),
            "A".into(),
        ];
        // Lines of the sample, and windows of them of title length.
        for line in sample.lines().filter(|l| l.chars().count() > 12).step_by(9) {
            let chars: Vec<char> = line.trim().chars().collect();
            texts.push(chars.iter().collect());
            for start in (0..chars.len()).step_by(23) {
                texts.push(chars[start..chars.len().min(start + 31)].iter().collect());
            }
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        for (t, segmenter) in refs.iter().zip(segmenters_for(&refs)) {
            let own: Vec<(usize, usize)> = segmenter
                .cut(t, false)
                .iter()
                .map(|w| (w.start, w.end))
                .collect();
            assert_eq!(own, whole_dictionary_words(t), "{t}");
        }
        assert!(texts.len() > 30, "{}", texts.len());
    }

    fn em(s: &str) -> f32 {
        s.chars().map(|c| if is_wide(c) { 1.0 } else { 0.5 }).sum()
    }

    #[test]
    fn short_title_stays_on_one_line() {
        assert_eq!(
            split("普兰县2025年法治政府建设年度报告", 20.0, &em),
            vec!["普兰县2025年法治政府建设年度报告"]
        );
    }

    #[test]
    fn long_title_breaks_at_words_without_hourglass() {
        let t = "普兰县人民政府关于报送2025年度法治政府建设情况和2026年工作安排的报告";
        let lines = split(t, 20.0, &em);
        assert!(lines.len() >= 2, "{lines:?}");
        assert_eq!(lines.concat(), t);
        for l in &lines {
            assert!(em(l) <= 20.0, "{lines:?}");
            assert!(!l.contains("2025") || l.contains("2025年"), "{lines:?}");
        }
        let w: Vec<f32> = lines.iter().map(|l| em(l)).collect();
        for k in 1..w.len().saturating_sub(1) {
            assert!(
                !(w[k] < w[k - 1] && w[k] < w[k + 1]),
                "hourglass: {lines:?}"
            );
        }
        assert!(
            !lines
                .iter()
                .any(|l| l.ends_with("人民") || l.ends_with("法治")),
            "{lines:?}"
        );
    }

    /// The case: wherever the width puts the naive break, 全面 (and the other words)
    /// stay on one line.
    #[test]
    fn words_are_never_torn_across_lines() {
        let t =
            "普兰县人民政府办公室关于全面推进依法行政加快建设法治政府进一步优化营商环境的实施意见";
        for max in [9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 16.0, 18.0] {
            let lines = split(t, max, &em);
            assert_eq!(lines.concat(), t);
            for pair in lines.windows(2) {
                for w in [
                    "全面",
                    "推进",
                    "依法行政",
                    "法治政府",
                    "营商环境",
                    "人民政府",
                ] {
                    let joined = format!("{}{}", pair[0], pair[1]);
                    let at = pair[0].chars().count();
                    if let Some(k) = joined.find(w) {
                        let k = joined[..k].chars().count();
                        assert!(
                            !(k < at && at < k + w.chars().count()),
                            "{w} torn at width {max}: {lines:?}"
                        );
                    }
                }
            }
            assert!(lines.iter().all(|l| em(l) <= max), "{lines:?}");
        }
        // 13 em a line puts the naive break right inside 全面 (…关于全|面推进…).
        let naive: String = t.chars().take(13).collect();
        assert!(naive.ends_with('全'));
    }

    #[test]
    fn segmenter_finds_the_words() {
        let b = word_boundaries("关于全面推进依法行政");
        let inside = |i: usize| !b[i];
        assert!(inside(3), "全|面");
        assert!(b[2] && b[4], "关于|全面|推进");
    }

    /// A single word wider than the line is still cut so that every line fits.
    #[test]
    fn a_word_wider_than_the_line_is_cut() {
        let lines = split("中华人民共和国", 4.0, &em);
        assert!(
            lines.len() >= 2 && lines.iter().all(|l| em(l) <= 4.0),
            "{lines:?}"
        );
    }
}
