"""Render the corpus notices (notices/*.txt, the source of truth) into docs/, one file per notice,
in the format its label file names (labels/<stem>.yaml, field ``format``):

    txt   copied as is
    docx  python-docx rendering (tables as Word tables with merged cells)
    pdf   the DOCX converted by LibreOffice (needs ``soffice`` and fonts-noto-cjk)
    html  docs/<stem>.html itself when it was written by hand (a web page with its own chrome: it
          is the source and is left alone), else the generic government web-page rendering of
          eval/holdout/render.py

    .venv/bin/python eval/corpus/render.py            # every notice
    .venv/bin/python eval/corpus/render.py 201_xxx    # some notices

``--docs eval/corpus/docs`` then gives the evaluation one copy of each notice in mixed formats.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "holdout"))

from render import build_docx, build_html, docx_to_pdf  # noqa: E402

NOTICES, LABELS, DOCS = HERE / "notices", HERE / "labels", HERE / "docs"
FORMATS = ("txt", "docx", "pdf", "html")


def render(stem: str) -> Path:
    label = yaml.safe_load((LABELS / f"{stem}.yaml").read_text(encoding="utf-8"))
    fmt, txt = label["format"], NOTICES / f"{stem}.txt"
    if fmt not in FORMATS:
        raise SystemExit(f"{stem}: format must be one of {FORMATS}, not {fmt!r}")
    out = DOCS / f"{stem}.{fmt}"
    if fmt == "html" and out.exists():
        return out  # written by hand: the page is the source
    for old in DOCS.glob(f"{stem}.*"):
        old.unlink()
    DOCS.mkdir(exist_ok=True)
    if fmt == "txt":
        shutil.copyfile(txt, out)
    elif fmt == "docx":
        build_docx(txt, out)
    elif fmt == "pdf":
        with tempfile.TemporaryDirectory() as tmp:
            docx = Path(tmp) / f"{stem}.docx"
            build_docx(txt, docx)
            docx_to_pdf(docx, DOCS)
    else:
        build_html(txt, out)
    return out


def main(argv: list[str]) -> None:
    stems = argv or sorted(p.stem for p in NOTICES.glob("*.txt"))
    for stem in stems:
        print(f"{stem} -> {render(stem).relative_to(HERE)}")


if __name__ == "__main__":
    main(sys.argv[1:])
