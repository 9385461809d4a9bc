/** What browser mode shows to a page that has no token, or one the server no longer takes. */
export function AccessNeeded() {
  return (
    <main className="access-needed">
      <h1>This Berth needs its access token</h1>
      <p>
        Berth’s browser mode only answers the address it printed when it started, which carries a token (<code>http://…/?token=…</code>). The
        token changes every time Berth starts.
      </p>
      <p>
        Open the full address from the terminal where you ran <code>npm start</code> or <code>npm run serve</code>; if you no longer have it, stop
        Berth and start it again to get a new one. This page connects by itself once another tab has opened the new address.
      </p>
    </main>
  );
}
