// An independent check of Kitemark's credentials, with libraries installed from npm:
// `jose` verifies the VC-JWT signatures (EdDSA) against the issuer's published keys, and
// `@digitalbazaar/bitstring` decodes the Bitstring Status List.
// Reads {credential, issuer, statusList, now} as JSON on stdin; prints the result as JSON.
import {createLocalJWKSet, jwtVerify, errors} from 'jose';
import {Bitstring} from '@digitalbazaar/bitstring';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const keys = createLocalJWKSet({
  keys: input.issuer.verificationMethod.map((method) => method.publicKeyJwk),
});
const options = {
  issuer: input.issuer.id,
  algorithms: ['EdDSA'],
  typ: 'vc+jwt',
  currentDate: new Date(input.now * 1000),
};

const result = {verified: false, expired: false, revoked: null, error: null};
let payload;
try {
  ({payload} = await jwtVerify(input.credential, keys, options));
  result.verified = true;
} catch (error) {
  if (error instanceof errors.JWTExpired) {
    // jose checks the claims only once the signature is valid.
    result.expired = true;
    payload = error.payload;
  } else {
    result.error = error.code || String(error);
  }
}

if (payload && input.statusList) {
  const entry = payload.credentialStatus;
  const list = await jwtVerify(input.statusList, keys, options);
  if (list.payload.id !== entry.statusListCredential) {
    result.error = 'status list is not the one the credential names';
  } else {
    const encoded = list.payload.credentialSubject.encodedList;
    // The multibase prefix "u" says base64url.
    const buffer = await Bitstring.decodeBits({encoded: encoded.slice(1)});
    const bits = new Bitstring({buffer});
    result.revoked = bits.get(Number(entry.statusListIndex));
    result.listLength = bits.length;
  }
}
result.payload = payload || null;
process.stdout.write(JSON.stringify(result));
