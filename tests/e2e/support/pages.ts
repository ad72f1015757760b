/**
 * Test pages built from the sanitized X structure: a post cell with a given author,
 * used to append posts (infinite scroll) and to carry hostile text.
 */
export function xPostCell(handle: string, displayName: string, text: string, statusId = '1860000000000000001'): string {
  const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return `<div data-testid="cellInnerDiv"><article role="article" tabindex="0" data-testid="tweet"><div><div data-testid="Tweet-User-Avatar"><div data-testid="UserAvatar-Container-${handle}"><a href="/${handle}" role="link" tabindex="-1"></a></div></div>
<div><div data-testid="User-Name"><div><a href="/${handle}" role="link"><div><div dir="ltr"><span><span>${escape(displayName)}</span></span></div></div></a></div>
<div><a href="/${handle}" role="link" tabindex="-1"><div dir="ltr"><span>@${handle}</span></div></a><a href="/${handle}/status/${statusId}" role="link"><time datetime="2026-11-24T08:00:00.000Z">1h</time></a></div></div>
<div data-testid="tweetText" dir="auto"><span>${escape(text)}</span></div>
<div role="group"><button data-testid="reply" type="button">0</button><button data-testid="like" type="button">0</button></div></div></div></article></div>`;
}

export function xTimelinePage(cells: string[]): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Home / X</title></head><body style="background-color: rgb(255, 255, 255)"><main role="main"><div data-testid="primaryColumn"><section role="region"><div id="timeline">${cells.join('\n')}</div></section></div></main></body></html>`;
}
