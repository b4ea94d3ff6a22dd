import { Marked } from 'marked';

// Raw HTML in a Markdown cell is shown as text: notebooks are shared, tokens live in this page.
const md = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
    link({ href, title, tokens }) {
      const label = this.parser.parseInline(tokens);
      const safe = /^(https?:|mailto:|\/|#)/i.test(href) ? href : '#';
      return `<a href="${escapeHtml(safe)}"${title ? ` title="${escapeHtml(title)}"` : ''} target="_blank" rel="noopener noreferrer">${label}</a>`;
    },
    image({ href, text }) {
      const safe = /^(https?:|data:image\/|\/)/i.test(href) ? href : '';
      return `<img src="${escapeHtml(safe)}" alt="${escapeHtml(text)}">`;
    },
  },
});

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function renderMarkdown(text: string): string {
  return md.parse(text, { async: false }) as string;
}
