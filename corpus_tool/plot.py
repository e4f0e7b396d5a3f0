"""Charts of query results (matplotlib, drawn off-screen)."""
from __future__ import annotations

from pathlib import Path


def themes_chart(rows: list[dict], by: str, path: Path, labels: dict[str, str] | None = None) -> Path:
    """Share of each group's passages tagged with each theme (a line per theme for years,
    grouped bars otherwise).  Passages rather than documents: with few documents a year,
    document shares only say 0 or 100 %."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = labels or {}
    groups = sorted({r[by] for r in rows if r[by] is not None}, key=lambda g: (str(type(g)), g))
    themes = sorted({r["theme"] for r in rows})
    share = {(r[by], r["theme"]): (r["passage_share"] or 0) * 100 for r in rows}
    fig, ax = plt.subplots(figsize=(max(8, 0.6 * len(groups) + 5), 5.5), dpi=120)
    colours = plt.get_cmap("tab20").colors
    markers = "osD^v<>p*hX"
    if by == "year":
        # evenly spaced years (2012 and 2013 must not collide); a distinct colour and marker per theme
        xs = list(range(len(groups)))
        for i, theme in enumerate(themes):
            ax.plot(xs, [share.get((g, theme), 0) for g in groups], marker=markers[i % len(markers)],
                    color=colours[i % len(colours)], label=labels.get(theme, theme))
        ax.set_xticks(xs, [str(g) for g in groups])
    else:
        width = 0.8 / max(1, len(themes))
        for i, theme in enumerate(themes):
            xs = [j + i * width for j in range(len(groups))]
            ax.bar(xs, [share.get((g, theme), 0) for g in groups], width, label=labels.get(theme, theme),
                   color=colours[i % len(colours)])
        ax.set_xticks([j + 0.4 - width / 2 for j in range(len(groups))], [str(g) for g in groups], rotation=30,
                      ha="right")
    ax.set_ylabel("passages with the theme (%)")
    ax.set_xlabel(by.replace("_", " "))
    ax.set_title(f"Themes by {by.replace('_', ' ')}")
    top = max(share.values(), default=0)
    ax.set_ylim(0, min(105, max(10, top * 1.15)))
    ax.grid(alpha=0.3)
    if themes:
        ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
