// The browser's IANA time zone (e.g. "Europe/Berlin"), read once per circuit by BrowserTime.
export function timeZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
