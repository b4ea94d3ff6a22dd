import { describe, expect, it } from 'vitest';
import { escapeHtml, renderMarkdown } from './markdown';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in HTML text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('leaves other text alone', () => {
    expect(escapeHtml('plain text, ünïcode ✓')).toBe('plain text, ünïcode ✓');
  });
});

describe('renderMarkdown', () => {
  it('renders headings, emphasis and lists', () => {
    const html = renderMarkdown('# Title\n\nSome *em* and **strong**\n\n- one\n- two');
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<em>em</em>');
    expect(html).toContain('<strong>strong</strong>');
    expect(html).toMatch(/<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
  });

  it('renders GitHub tables and fenced code', () => {
    const html = renderMarkdown('| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nx = 1\n```');
    expect(html).toContain('<table>');
    expect(html).toContain('<td>1</td>');
    expect(html).toContain('<code class="language-python">x = 1');
  });

  it('does not turn single newlines into line breaks', () => {
    expect(renderMarkdown('one\ntwo')).not.toContain('<br>');
  });

  it('shows raw HTML blocks as text, never as markup', () => {
    const html = renderMarkdown('<script>alert(1)</script>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('shows inline HTML as text', () => {
    const html = renderMarkdown('before <img src=x onerror=alert(1)> after');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('opens http(s), mailto, absolute and anchor links in a new tab, safely', () => {
    for (const href of ['https://spark.apache.org', 'http://x.org/a', 'mailto:a@b.c', '/jobs/1', '#part']) {
      const html = renderMarkdown(`[go](${href})`);
      expect(html).toContain(`<a href="${href}"`);
      expect(html).toContain('target="_blank" rel="noopener noreferrer"');
      expect(html).toContain('>go</a>');
    }
  });

  it('turns javascript: and other schemes of links into #', () => {
    expect(renderMarkdown('[x](javascript:alert(1))')).toContain('<a href="#"');
    expect(renderMarkdown('[x](data:text/html,hi)')).toContain('<a href="#"');
    expect(renderMarkdown('[x](vbscript:msgbox)')).toContain('<a href="#"');
  });

  it('keeps a link title, escaped', () => {
    expect(renderMarkdown('[x](https://a.b "say \\"hi\\"")')).toContain('title="say &quot;hi&quot;"');
  });

  it('keeps the formatting inside a link label', () => {
    expect(renderMarkdown('[**bold**](https://a.b)')).toContain('><strong>bold</strong></a>');
  });

  it('shows images from http(s), site paths and data:image URLs only', () => {
    expect(renderMarkdown('![chart](https://a.b/c.png)')).toContain('<img src="https://a.b/c.png" alt="chart">');
    expect(renderMarkdown('![c](/files/c.png)')).toContain('<img src="/files/c.png"');
    expect(renderMarkdown('![c](data:image/png;base64,AAAA)')).toContain('<img src="data:image/png;base64,AAAA"');
    expect(renderMarkdown('![c](javascript:alert(1))')).toContain('<img src="" alt="c">');
    expect(renderMarkdown('![c](data:text/html,x)')).toContain('<img src="" alt="c">');
  });

  it('escapes an image alt text', () => {
    expect(renderMarkdown('![a "b" <c>](/x.png)')).toContain('alt="a &quot;b&quot; &lt;c&gt;"');
  });
});
