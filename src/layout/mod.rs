//! Layout: the report model → pages of positioned glyphs and rules on the GB/T 9704 grid.
//! All typographic decisions (line breaking, 禁则, squeezing, pagination) live here; the PDF
//! writer only serialises what this produces.
