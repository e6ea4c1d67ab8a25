"""`casebook import`: a body's existing table of cases (xlsx or csv, one row per case) becomes case files.

- sheet: the file read into rows of cell values (openpyxl; csv in UTF-8 with or without BOM, or cp932);
- dividers: the rows that divide the cases by month (【4月】, ５月分), skipped and named;
- header: the header row found and its columns mapped to the report's fields by their labels (and --map);
- parsing: one cell read as the value of its field (dates in every office form, counts, lists, 備考);
- inference: 事案の分類 and 媒体 found in the text by the words clerks write for them (CLERK_WORDS), 漏えいの区分 where it is said;
- building: a row as the data of a case file, with what was inferred or is unknown said in comments;
- writing: the case file's text in the canonical form `fmt` writes, checked as `check` reads it;
- run: the whole import, all or nothing.
"""
