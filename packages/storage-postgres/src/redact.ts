/** Replaces the password in a connection URL with `***`. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@').replace(/([?&](?:password|sslpassword)=)[^&#]*/gi, '$1***');
}

/** Removes the URL's password from any text (driver error messages may echo connection strings). */
export function redactSecrets(text: string, url: string): string {
  let out = text.split(url).join(redactUrl(url));
  const secrets = [/^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:([^@/]*)@/i.exec(url)?.[1], /[?&](?:password|sslpassword)=([^&#]*)/i.exec(url)?.[1]];
  for (const s of secrets) {
    if (!s) continue;
    out = out.split(s).join('***');
    try {
      out = out.split(decodeURIComponent(s)).join('***');
    } catch {
      // a malformed escape cannot appear decoded
    }
  }
  return out;
}
