//! LibreOffice opens the workbooks, prints them, and computes their formulas.
//! Needs: soffice (apt-get install libreoffice-calc-nogui), pdftotext and pdfinfo
//! (apt-get install poppler-utils), python3 (standard library only).

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::{report, require};
use gongwen::export::xlsx;

/// A LibreOffice profile of its own (tests run side by side), optionally told to recalculate
/// every formula on load instead of trusting the results stored in the file.
fn profile(dir: &Path, recalculate: bool) -> String {
    let user = dir.join("lo-profile/user");
    std::fs::create_dir_all(&user).unwrap();
    if recalculate {
        std::fs::write(
            user.join("registrymodifications.xcu"),
            r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
        )
        .unwrap();
    }
    format!(
        "-env:UserInstallation=file://{}",
        dir.join("lo-profile").display()
    )
}

/// The machine's fonts plus the repository's bundled ones, so that the Chinese text renders
/// (and extracts) on a machine with no CJK font installed, as CI's is.
fn fonts_conf(dir: &Path) -> PathBuf {
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let conf = dir.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n  <dir>{}</dir>\n  <cachedir>{}</cachedir>\n</fontconfig>\n",
            fonts.display(),
            dir.join("fc-cache").display()
        ),
    )
    .unwrap();
    conf
}

fn soffice(dir: &Path, recalculate: bool, convert_to: &str, input: &Path) -> PathBuf {
    let out = dir.join(format!("out-{}", convert_to.len()));
    let status = Command::new("soffice")
        .env("FONTCONFIG_FILE", fonts_conf(dir))
        .arg(profile(dir, recalculate))
        .args(["--headless", "--convert-to", convert_to, "--outdir"])
        .arg(&out)
        .arg(input)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "soffice failed: {status:?}");
    let produced: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap_or_else(|e| panic!("soffice wrote nothing ({e}): {status:?}"))
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(produced.len(), 1, "{produced:?}");
    produced[0].clone()
}

fn run(program: &str, args: &[&str]) -> String {
    let o = Command::new(program).args(args).output().expect(program);
    assert!(o.status.success(), "{program} {args:?}: {o:?}");
    String::from_utf8(o.stdout).unwrap()
}

/// The PDF LibreOffice prints from the workbook: A4 landscape, no ###, all text present.
#[test]
fn libreoffice_prints_the_sample_workbook() {
    require("soffice", "libreoffice-calc-nogui");
    require("pdftotext", "poppler-utils");
    require("pdfinfo", "poppler-utils");
    let dir = tempfile::tempdir().unwrap();
    let r = report("input/purang-2025.yaml");
    let path = dir.path().join("purang-2025.xlsx");
    std::fs::write(&path, xlsx::write(&r).unwrap()).unwrap();
    let pdf = soffice(dir.path(), false, "pdf", &path);
    let pdf = pdf.to_str().unwrap();

    let info = run("pdfinfo", &[pdf]);
    assert!(
        info.contains("841.89 x 595.") || info.contains("842 x 595"),
        "pages are not A4 landscape:\n{info}"
    );
    let text = run("pdftotext", &[pdf, "-"]);
    assert!(
        !text.contains("###"),
        "a column is too narrow for its number"
    );
    let flat: String = text.split_whitespace().collect();
    for needle in [
        "普兰县2025年法治政府建设年度报告指标表",
        "9,938",
        "1,020",
        "100%",
        "2,200",
        "第1页，共",
    ] {
        assert!(
            flat.contains(needle),
            "the printed workbook lacks `{needle}`"
        );
    }
    for rec in gongwen::indicators::collect(&r) {
        let excerpt: String = rec.excerpt.split_whitespace().collect();
        assert!(
            flat.contains(&excerpt),
            "{}: the printed 原文摘录 is cut or missing: {excerpt}",
            rec.id
        );
        assert!(flat.contains(&rec.id), "{} missing from the print", rec.id);
    }
    let check = flat.find("指标校验").expect("the 校验 sheet is printed");
    assert!(flat[check..].contains("相符"));
}

/// Drops the results rust_xlsxwriter stored with each formula, so only a recalculation can
/// produce the numbers LibreOffice then shows.
fn strip_cached_results(path: &Path) {
    require("python3", "python3");
    let script = r#"
import re, sys, zipfile, shutil
src = sys.argv[1]; tmp = src + '.tmp'
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(tmp, 'w', zipfile.ZIP_DEFLATED) as zout:
    n = 0
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename.startswith('xl/worksheets/'):
            text, k = re.subn(r'(<f>[^<]*</f>)<v>[^<]*</v>', r'\1', data.decode())
            n += k
            data = text.encode()
        zout.writestr(item, data)
shutil.move(tmp, src)
print(n)
"#;
    let n = run("python3", &["-c", script, path.to_str().unwrap()]);
    assert!(
        n.trim().parse::<usize>().unwrap() > 0,
        "no cached results found"
    );
}

fn csv_of_sheet(dir: &Path, path: &Path, sheet: usize) -> Vec<Vec<String>> {
    let filter = format!(
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,{sheet}"
    );
    let csv = soffice(dir, true, &filter, path);
    let text = std::fs::read_to_string(&csv).unwrap();
    // The next sheet of the same workbook is exported into the same folder.
    std::fs::remove_file(&csv).unwrap();
    text.lines()
        .map(|l| {
            l.split(',')
                .map(|c| c.trim_matches('"').to_string())
                .collect()
        })
        .collect()
}

#[test]
fn libreoffice_computes_the_check_formulas() {
    require("soffice", "libreoffice-calc-nogui");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("purang-2025.xlsx");
    std::fs::write(
        &path,
        xlsx::write(&report("input/purang-2025.yaml")).unwrap(),
    )
    .unwrap();
    strip_cached_results(&path);
    let rows = csv_of_sheet(dir.path(), &path, 2);
    let row = rows
        .iter()
        .find(|r| r.get(1).map(String::as_str) == Some("hotline_cases"))
        .unwrap_or_else(|| panic!("no hotline_cases row in {rows:?}"));
    assert_eq!(row[3..6], ["1020", "1020", "0"], "{row:?}");
    assert_eq!(row[7], "相符");
}

/// A report of `issuer` for `year` stating each (built-in catalogue id, quantity).
fn county(issuer: &str, year: i32, items: &[(&str, &str)]) -> gongwen::model::Report {
    let place = issuer.trim_end_matches("人民政府");
    let mut y = format!("title: {place}{year}年法治政府建设年度报告\nbody:\n");
    for (id, q) in items {
        y += &format!("  - 全年共计{{{q}|{id}}}。\n");
    }
    y += &format!(
        "signature:\n  issuers: {issuer}\n  date: {}-01-15\nindicators:\n",
        year + 1
    );
    for (id, _) in items {
        y += &format!("  {id}: {id}\n");
    }
    common::parse(&y)
}

#[test]
fn libreoffice_computes_the_merge_totals_and_changes() {
    require("soffice", "libreoffice-calc-nogui");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("汇总.xlsx");
    let reports = [
        county(
            "普兰县人民政府",
            2025,
            &[
                ("org_law_meetings", "5次"),
                ("gov_hotline_cases", "1020件"),
                ("org_funds_rule_of_law", "2万元"),
            ],
        ),
        county(
            "普兰县人民政府",
            2024,
            &[
                ("org_law_meetings", "4次"),
                ("org_funds_rule_of_law", "1.5万元"),
            ],
        ),
        county(
            "札达县人民政府",
            2025,
            &[
                ("org_law_meetings", "4次"),
                ("gov_hotline_cases", "480件"),
                ("org_funds_rule_of_law", "25000元"),
            ],
        ),
    ];
    let files = ["p25.yaml", "p24.yaml", "z25.yaml"];
    let inputs: Vec<xlsx::MergeInput> = files
        .iter()
        .zip(&reports)
        .map(|(file, report)| xlsx::MergeInput { file, report })
        .collect();
    let catalogue = gongwen::catalogue::Catalogue::builtin();
    std::fs::write(&path, xlsx::merge(&inputs, catalogue).unwrap()).unwrap();
    strip_cached_results(&path);

    // 汇总: G 普兰2025, H 普兰2024, I 札达2025, J 2024年合计, K 2025年合计, L 填报份数.
    let rows = csv_of_sheet(dir.path(), &path, 1);
    let get = |rows: &[Vec<String>], id: &str| {
        rows.iter()
            .find(|r| r.get(2).map(String::as_str) == Some(id))
            .unwrap_or_else(|| panic!("no {id} row in {rows:?}"))
            .clone()
    };
    assert_eq!(
        get(&rows, "org_law_meetings")[6..12],
        ["5", "4", "4", "4", "9", "3"]
    );
    assert_eq!(
        get(&rows, "gov_hotline_cases")[6..12],
        ["1020", "", "480", "", "1500", "2"]
    );
    assert_eq!(
        get(&rows, "org_funds_rule_of_law")[6..12],
        ["2", "1.5", "2.5", "1.5", "4.5", "3"]
    );

    // 同比: H 基期, I 本期, J 增减, K 增减率.
    let rows = csv_of_sheet(dir.path(), &path, 2);
    let r = get(&rows, "org_law_meetings");
    assert_eq!(r[7..10], ["4", "5", "1"], "{r:?}");
    // LibreOffice writes a %-formatted value as a percentage even in raw export.
    let percent = |s: &str| -> f64 {
        match s.strip_suffix('%') {
            Some(p) => p.parse::<f64>().unwrap() / 100.0,
            None => s.parse().unwrap(),
        }
    };
    assert!((percent(&r[10]) - 0.25).abs() < 1e-12, "{r:?}");
    let r = get(&rows, "org_funds_rule_of_law");
    assert_eq!(r[7..10], ["1.5", "2", "0.5"], "{r:?}");
    assert!((percent(&r[10]) - 1.0 / 3.0).abs() < 1e-9, "{r:?}");
}

#[test]
fn libreoffice_computes_breakdowns_across_magnitudes_and_partial_ones() {
    require("soffice", "libreoffice-calc-nogui");
    let yaml = "title: 报告\nbody:\n  - 总投资{0.06亿元|t}，其中一期{400万元|a}，二期{200万元|b}。清理文件{900余件|c}，其中废止{139件|r}、修改{18件|m}。\nsignature:\n  issuers: 某县人民政府\n  date: 2025-12-31\nindicators:\n  t: {name: 总投资, complete: true}\n  a: {name: 一期, parent: t}\n  b: {name: 二期, parent: t}\n  c: 清理件数\n  r: {name: 废止, parent: c}\n  m: {name: 修改, parent: c}\n";
    let report = gongwen::parse(yaml, "t.yaml").unwrap().report;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    std::fs::write(&path, xlsx::write(&report).unwrap()).unwrap();
    strip_cached_results(&path);
    let rows = csv_of_sheet(dir.path(), &path, 2);
    let row = |id: &str| {
        rows.iter()
            .find(|r| r.get(1).map(String::as_str) == Some(id))
            .unwrap_or_else(|| panic!("no {id} row in {rows:?}"))
            .clone()
    };
    // 0.06亿元 is 600 万元: the formula scales the 亿元 value to the parts' magnitude.
    assert_eq!(row("t")[3..6], ["600", "600", "0"], "{rows:?}");
    assert_eq!(row("t")[7], "相符");
    assert_eq!(row("c")[3..6], ["900", "157", "743"], "{rows:?}");
    assert_eq!(row("c")[7], "未超出（分项未列全）");
}
