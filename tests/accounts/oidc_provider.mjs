// A real OpenID Connect provider (the oidc-provider package) for the single sign-on tests,
// on a free loopback port. Its one client and its accounts come from the environment:
//   OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI
//   OIDC_ACCOUNTS: JSON {"<login hint>": {"claims": {...}, "amr": ["pwd", "mfa"]}}
// There is no login form: the relying party sends login_hint, and the interaction signs
// that account in at once (and consents), as a provider that already knows the person would.
// It prints {"issuer": "http://127.0.0.1:<port>"} on one line when it is ready.
import http from "node:http";

import Provider from "oidc-provider";

const accounts = JSON.parse(process.env.OIDC_ACCOUNTS || "{}");
const clientId = process.env.OIDC_CLIENT_ID;

const server = http.createServer();
server.listen(0, "127.0.0.1", () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: process.env.OIDC_CLIENT_SECRET,
        redirect_uris: [process.env.OIDC_REDIRECT_URI],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    claims: { openid: ["sub", "amr"], email: ["email", "email_verified"], profile: ["name"] },
    cookies: { keys: ["kitemark-test-provider-cookie-key"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account.claims }) };
    },
  });

  provider.use(async (ctx, next) => {
    const match = ctx.path.match(/^\/interaction\/([^/]+)$/);
    if (!match) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const accountId = details.params.login_hint;
    const account = accounts[accountId];
    if (!account) {
      ctx.status = 400;
      ctx.body = `unknown login_hint ${accountId}`;
      return undefined;
    }
    let grant;
    if (details.grantId) {
      grant = await provider.Grant.find(details.grantId);
    } else {
      grant = new provider.Grant({ accountId, clientId: details.params.client_id });
    }
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    const result = {
      login: { accountId, amr: account.amr || ["pwd"] },
      consent: { grantId },
    };
    const redirectTo = await provider.interactionResult(ctx.req, ctx.res, result, {
      mergeWithLastSubmission: false,
    });
    ctx.redirect(redirectTo);
    return undefined;
  });

  server.on("request", provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

process.on("SIGTERM", () => server.close(() => process.exit(0)));
