"""Matplotlib set-up for charts whose labels are Chinese.

Matplotlib's default font (DejaVu Sans) has no Chinese glyphs and draws empty boxes ("tofu")
with only a warning. :func:`use_cjk_font` puts an installed CJK font first, keeps DejaVu Sans
behind it for Latin text and symbols, and turns a missing-glyph warning into an error, so a
chart that would show boxes fails instead.
"""

from __future__ import annotations

import warnings

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "PingFang SC",
    "Microsoft YaHei",
)
"""Fonts with simplified Chinese glyphs, preferred first (Debian: ``fonts-noto-cjk``)."""


def use_cjk_font() -> str:
    """Make matplotlib draw Chinese: the first installed of :data:`CJK_FONTS`, then DejaVu Sans.

    Returns the CJK font chosen; raises ``RuntimeError`` when none is installed.
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    found = [name for name in CJK_FONTS if name in installed]
    if not found:
        raise RuntimeError(
            f"no CJK font for Chinese labels; install one of {', '.join(CJK_FONTS)} "
            "(Debian: apt-get install fonts-noto-cjk)"
        )
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [*found, "DejaVu Sans"]
    warnings.filterwarnings("error", message=r"Glyph \d+ .* missing from font")
    return found[0]
