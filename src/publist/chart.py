"""The stacked bar chart of `publist stats --plot`, drawn with matplotlib (the `plot` extra).

Returns the image as bytes: writing the file is bibfile's job, so a failed render
never leaves half a file behind.
"""

from __future__ import annotations

import io

from publist.errors import MissingExtra, UsageProblem
from publist.stats import Stats

FORMATS = ("svg", "png", "pdf")
INSTALL_HINT = "install it with: pip install 'publist[plot]'"


def image_format(filename: str) -> str:
    """The image format a file name asks for, from its suffix."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in FORMATS:
        raise UsageProblem(
            f"--plot writes {', '.join('.' + f for f in FORMATS)} files, not {filename!r}"
        )
    return suffix


def bar_chart(stats: Stats, image: str, title: str = "Publications per year") -> bytes:
    """A bar per year, stacked by venue type; each bar has the SVG id 'bar-TYPE-YEAR'."""
    try:
        import matplotlib
    except ImportError:
        raise MissingExtra(f"--plot needs matplotlib; {INSTALL_HINT}") from None
    matplotlib.use("Agg")  # never open a window, even when a display is present
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    years = list(stats.by_year)
    figure = Figure(figsize=(max(4.5, 0.6 * len(years) + 3), 3.6), layout="constrained")
    axes = figure.add_subplot()
    bottoms = [0] * len(years)
    for kind, row in stats.by_type_year.items():
        heights = [row[year] for year in years]
        bars = axes.bar(years, heights, bottom=bottoms, label=kind, width=0.7)
        for bar, year in zip(bars.patches, years, strict=True):
            bar.set_gid(f"bar-{kind}-{year}")
        bottoms = [low + high for low, high in zip(bottoms, heights, strict=True)]
    axes.set_title(title)
    axes.set_ylabel("publications")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    if stats.by_type_year:
        figure.legend(loc="outside right upper", frameon=False, fontsize="small")
    buffer = io.BytesIO()
    # No date or random ids in the file, so the same library gives the same bytes.
    with matplotlib.rc_context({"svg.hashsalt": "publist", "svg.fonttype": "path"}):
        figure.savefig(buffer, format=image, metadata=_metadata(image))
    return buffer.getvalue()


def _metadata(image: str) -> dict:
    if image == "svg":
        return {"Date": None, "Creator": "publist"}
    if image == "pdf":
        return {"CreationDate": None, "Creator": "publist"}
    return {"Software": "publist"}
