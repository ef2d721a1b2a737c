// The authorization code grant of the interop issuer (openid4vci_issuer.mjs), on the server-side
// functions of @openid4vc/oauth2: pushed authorization requests parsed, verified and answered by
// the library; the token request verified by the library with PKCE (the challenge the
// authorization request carried, the verifier the token request carries). /authorize stands
// for the person signing in at the issuer: it sends the browser straight back to the request's
// redirect_uri with a code, the state and the server's iss (or with error=access_denied when
// the test says the person refused).
import crypto from 'node:crypto';
import {load} from './packages.mjs';

const {Oauth2ErrorCodes, Oauth2ServerErrorResponseError, authorizationCodeGrantIdentifier,
  pushedAuthorizationRequestUriPrefix} = await load('@openid4vc/oauth2');

const refuse = (error, description) => new Oauth2ServerErrorResponseError({error, error_description: description});

// {authorizationServer, requestLike, serverMetadata: () => the AS metadata object}
export function authorizationCodeGrant({authorizationServer, requestLike, serverMetadata}) {
  const issuerStates = new Set();  // from the offers made, until used
  const pushed = new Map();  // request_uri -> authorization request
  const codes = new Map();  // code -> {request, expiresAt}, until used
  let deny = false;

  const metadata = base => ({
    authorization_endpoint: `${base}/authorize`,
    pushed_authorization_request_endpoint: `${base}/par`,
    code_challenge_methods_supported: ['S256'],
    authorization_response_iss_parameter_supported: true,
  });

  function offerGrants() {
    const issuerState = crypto.randomBytes(16).toString('base64url');
    issuerStates.add(issuerState);
    return {[authorizationCodeGrantIdentifier]: {issuer_state: issuerState}};
  }

  async function par(request, body) {
    const {authorizationRequest} = await authorizationServer.parsePushedAuthorizationRequest({
      request: requestLike(request), authorizationRequest: Object.fromEntries(new URLSearchParams(body))});
    await authorizationServer.verifyPushedAuthorizationRequest({
      authorizationServerMetadata: serverMetadata(), authorizationRequest, request: requestLike(request)});
    const requestUri = `${pushedAuthorizationRequestUriPrefix}${crypto.randomUUID()}`;
    pushed.set(requestUri, authorizationRequest);
    const {pushedAuthorizationResponse} = authorizationServer.createPushedAuthorizationResponse({
      requestUri, expiresInSeconds: 60});
    return [201, pushedAuthorizationResponse];
  }

  function requestOf(query) {
    if(!query.request_uri) {
      if(serverMetadata().require_pushed_authorization_requests) throw refuse(Oauth2ErrorCodes.InvalidRequest, 'push the request first');
      return query;
    }
    const request = pushed.get(query.request_uri);
    pushed.delete(query.request_uri);
    if(!request || request.client_id !== query.client_id) throw refuse(Oauth2ErrorCodes.InvalidRequest, 'unknown request_uri');
    return request;
  }

  async function authorize(request) {
    const authorizationRequest = requestOf(Object.fromEntries(new URL(request.url, 'http://x').searchParams));
    const {response_type: responseType, redirect_uri: redirectUri, issuer_state: issuerState} = authorizationRequest;
    if(responseType !== 'code' || !redirectUri || authorizationRequest.code_challenge_method !== 'S256') {
      throw refuse(Oauth2ErrorCodes.InvalidRequest, 'a code request with an S256 PKCE challenge is required');
    }
    if(!issuerStates.delete(issuerState)) throw refuse(Oauth2ErrorCodes.InvalidRequest, 'unknown issuer_state');
    const back = new URL(redirectUri);
    if(deny) {
      back.searchParams.set('error', 'access_denied');
    } else {
      const code = crypto.randomBytes(16).toString('base64url');
      codes.set(code, {request: authorizationRequest, expiresAt: new Date(Date.now() + 60_000)});
      back.searchParams.set('code', code);
    }
    back.searchParams.set('state', authorizationRequest.state);
    back.searchParams.set('iss', serverMetadata().issuer);
    return [302, {}, {Location: back.toString()}];
  }

  // The client id the code was issued to, once the library verified the code and PKCE.
  async function verifyToken(request, parsed) {
    const code = parsed.grant.code;
    const granted = codes.get(code);
    codes.delete(code);  // one use only
    await authorizationServer.verifyAuthorizationCodeAccessTokenRequest({
      authorizationServerMetadata: serverMetadata(), grant: parsed.grant,
      accessTokenRequest: parsed.accessTokenRequest, request: requestLike(request),
      // An unknown or used code is checked against a value it can never equal.
      expectedCode: granted ? code : crypto.randomUUID(), codeExpiresAt: granted?.expiresAt,
      pkce: granted && {codeVerifier: parsed.pkceCodeVerifier, codeChallenge: granted.request.code_challenge,
        codeChallengeMethod: granted.request.code_challenge_method},
    });
    const {redirect_uri: redirectUri, client_id: clientId} = parsed.accessTokenRequest;
    if(redirectUri !== granted.request.redirect_uri || clientId !== granted.request.client_id) {
      throw refuse(Oauth2ErrorCodes.InvalidGrant, 'redirect_uri or client_id differs from the authorization request');
    }
    return clientId;
  }

  function settings(body) {
    const {par: requirePar, deny: refused} = JSON.parse(body);
    if(requirePar !== undefined) serverMetadata().require_pushed_authorization_requests = requirePar;
    if(refused !== undefined) deny = refused;
    return {par: serverMetadata().require_pushed_authorization_requests, deny};
  }

  return {
    metadata, offerGrants, verifyToken,
    handles: grant => grant.grantType === authorizationCodeGrantIdentifier,
    routes: {
      'GET /authorize': authorize,
      'POST /par': par,
      'POST /test/authorization': async (request, body) => [200, settings(body)],
    },
  };
}
