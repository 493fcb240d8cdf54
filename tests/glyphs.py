"""A check, run in the page, that Chinese characters really render."""


def cjk_glyphs_script(font: str) -> str:
    """JavaScript that draws 安 and 义 in the font the expression ``font`` gives and returns
    ``[different, drawn, drawn]``: without a CJK font both are the same empty box."""
    return f"""(() => {{
        const font = {font};
        const draw = (ch) => {{ const c = document.createElement('canvas'); c.width = c.height = 40;
            const x = c.getContext('2d'); x.font = '32px ' + font; x.fillText(ch, 2, 34);
            return Array.from(x.getImageData(0, 0, 40, 40).data).join(','); }};
        const a = draw('安'), b = draw('义');
        return [a !== b, /[1-9]/.test(a), /[1-9]/.test(b)]; }})()"""
