// Where the texts and axis lines of an element are, for test_accessibility.py's contrast check: one box per text
// (relative to the element, in CSS pixels), and one per axis line of a live figure. Hidden text, and the
// line-and-marker glyphs of a legend (hidden from screen readers: they are pictures, not words), are left out.
root => {
    const frame = root.getBoundingClientRect(), out = [];
    const add = (what, r) => {
        if (r.width >= 2 && r.height >= 1) out.push({what, x: r.left - frame.left, y: r.top - frame.top, w: r.width, h: r.height});
    };
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
        const node = walk.currentNode, el = node.parentElement;
        if (!node.data.trim() || el.closest('[aria-hidden=true], option, select')) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
        let r;
        if (el instanceof SVGElement) {
            r = el.getBoundingClientRect();
        } else {
            const range = document.createRange();
            range.selectNodeContents(node);
            r = range.getBoundingClientRect();
        }
        if (r.height >= 6) add(node.data.trim().slice(0, 40), r);
    }
    for (const line of root.querySelectorAll('.cl-plot .axis .domain')) add('axis line', line.getBoundingClientRect());
    return out;
}
