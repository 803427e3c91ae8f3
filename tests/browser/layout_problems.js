// What test_accessibility.py checks at projector size, run on an explorer's root element: clipped text, an
// explorer wider than the page, controls (or the parts of one) over each other, and texts of a figure
// outside it or over each other. Returns the problems found, in words.
root => {
    const problems = [], box = el => el.getBoundingClientRect();
    const name = el => el.tagName.toLowerCase() + [...el.classList].filter(c => c.startsWith('cl-') ||
        c.startsWith('widget-')).map(c => '.' + c).join('') + ' "' + (el.textContent || '').trim().slice(0, 30) + '"';
    const overlap = (a, b) => { const r = box(a), s = box(b);
        return Math.min(r.right, s.right) - Math.max(r.left, s.left) > 1 && Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top) > 1; };
    const shown = el => { const r = box(el); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
    // clipped text: a label, readout, button or text box whose content is wider or taller than it shows (a list box,
    // a select of several rows, scrolls through its options: only its width counts)
    for (const el of root.querySelectorAll('.widget-label, .widget-readout, .widget-html-content, button, select, .cl-status')) {
        const listBox = el.tagName === 'SELECT' && (el.multiple || el.size > 1);
        if (shown(el) && getComputedStyle(el).overflow !== 'visible' &&
            (el.scrollWidth > el.clientWidth + 1 || (!listBox && el.scrollHeight > el.clientHeight + 2)))
            problems.push('clipped: ' + name(el) + ' (' + el.scrollWidth + '×' + el.scrollHeight + ' in ' + el.clientWidth + '×' + el.clientHeight + ')');
    }
    // the explorer fits the page's width
    if (root.scrollWidth > root.clientWidth + 1) problems.push('wider than the page: ' + root.scrollWidth + ' > ' + root.clientWidth);
    // controls side by side, and the parts of one control (description, slider, readout), do not overlap
    const controls = [...root.querySelectorAll('.widget-inline-hbox, .widget-play, .widget-select-multiple, .widget-radio')].filter(shown);
    for (let i = 0; i < controls.length; i++) {
        for (let j = i + 1; j < controls.length; j++) {
            if (!controls[i].contains(controls[j]) && !controls[j].contains(controls[i]) && overlap(controls[i], controls[j]))
                problems.push('overlap: ' + name(controls[i]) + ' and ' + name(controls[j]));
        }
        const parts = [...controls[i].children].filter(shown);
        for (let a = 0; a < parts.length; a++) for (let b = a + 1; b < parts.length; b++)
            if (overlap(parts[a], parts[b])) problems.push('overlap in ' + name(controls[i]) + ': ' + name(parts[a]) + ' and ' + name(parts[b]));
    }
    // in each figure: every text inside the figure, and no two texts of the axes over each other
    for (const svg of root.querySelectorAll('.cl-plot svg.svg-figure')) {
        const frame = box(svg);
        const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() && shown(t));
        for (const t of texts) {
            const r = box(t);
            if (r.left < frame.left - 1 || r.right > frame.right + 1 || r.top < frame.top - 1 || r.bottom > frame.bottom + 1)
                problems.push('outside its figure: ' + name(t));
        }
        const axes = texts.filter(t => t.closest('.axis, .mainheading') || t.classList.contains('mainheading'));
        for (let a = 0; a < axes.length; a++) for (let b = a + 1; b < axes.length; b++)
            if (overlap(axes[a], axes[b])) problems.push('overlap: ' + name(axes[a]) + ' and ' + name(axes[b]));
    }
    return problems;
}
