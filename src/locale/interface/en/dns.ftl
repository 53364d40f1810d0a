### The sender's DNS: what `check --dns` and `send` find in SPF, DKIM, DMARC and MX.

dns-system-resolver = the system's resolver
dns-bad-server = { $var }="{ $value }" is neither a DNS server's address (such as 127.0.0.1:53 or [::1]:53) nor off
dns-off = the DNS checks are off ({ $var }=off): SPF, DKIM, DMARC and MX were not looked up
dns-lookup-failed = DNS lookup of { $names } got no answer from { $server } ({ $problem }); these records were not checked. Try again later; if this machine cannot reach DNS, name a server it can reach in { $var }
dns-no-domain = the domain { $domain } does not exist in DNS (NXDOMAIN): receivers refuse mail from it and bounces cannot reach it. Check the address in [sender] from
dns-no-spf = { $domain } has no SPF record (TXT "v=spf1 …"): receivers cannot tell whether your relay may send for it. Publish one that names your relay, such as "v=spf1 include:<your provider's domain> -all"
dns-spf-multiple = { $domain } has { $count } SPF records; receivers then treat SPF as broken (permerror). Merge them into one TXT "v=spf1 …"
dns-spf-invalid = the SPF record of { $domain } cannot be read ("{ $record }"); receivers treat SPF as broken (permerror). Correct the record
dns-spf-pass-all = the SPF record of { $domain } ends in "+all" ("{ $record }"): it lets every server in the world send as you. End it in "-all" or "~all"
dns-no-dkim-record = { $reason ->
    [nxdomain] { $record } does not exist in DNS
   *[none] { $record } has no TXT record
}: receivers cannot check the DKIM signature. Publish the public key of { $key_file } there (TXT "v=DKIM1; k=…; p=…"), or correct selector and domain in [smtp.dkim]
dns-dkim-key-mismatch = the DKIM key in DNS at { $record } does not match the private key { $key_file }: every signature fails. Publish the public key of { $key_file } there, or configure the private key that belongs to the published one
dns-dkim-key-revoked = the DKIM key at { $record } is revoked (empty p=): every signature fails. Publish the public key of { $key_file } there, or use another selector
dns-dkim-record-invalid = { $record } holds no usable DKIM key ({ $reason ->
    [version] v= is not DKIM1 or not first
    [key-type] k= is neither rsa nor ed25519
    [no-key] p= is missing
   *[bad-key] p= is not a public key
}): receivers cannot check the signature. Publish "v=DKIM1; k=…; p=<public key>" there
dns-dkim-key-unreadable = the DKIM key { $path } cannot be read ({ $problem }), so it cannot be compared with DNS
dns-no-dmarc = no DMARC record at { $record } (TXT "v=DMARC1; p=…"): Gmail and Yahoo require one of bulk senders. Publish at least "v=DMARC1; p=none; rua=mailto:<an address for reports>"
dns-dmarc-invalid = the DMARC record at { $record } cannot be used ("{ $text }"); receivers ignore it. Publish exactly one correct record "v=DMARC1; p=…"
dns-dmarc-alignment = DMARC at { $record } { $policy ->
    [reject] has receivers reject
    [quarantine] has receivers put into spam
   *[none] reports
} mail that fails it, and the DKIM domain { $dkim } is not aligned with the From domain { $from } ({ $mode ->
    [strict] adkim=s: the two must be equal
   *[relaxed] the two must share their registered domain
}). Sign as { $from } ([smtp.dkim] domain), or send from an address at { $dkim }
dns-no-mx = { $reason ->
    [null] { $domain } declares that it accepts no mail (null MX)
   *[none] { $domain } has neither an MX nor an address record
}: bounces cannot reach the return path, and some receivers refuse such senders. Publish an MX record for { $domain }
