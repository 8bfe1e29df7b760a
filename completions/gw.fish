# fish completion for gw. Install: copy to ~/.config/fish/completions/gw.fish

set -l gw_commands serve invoke routes usage replay lint deploy stages token

function __gw_spec_files
    __fish_complete_suffix .yaml
    __fish_complete_suffix .yml
    __fish_complete_suffix .json
end

complete -c gw -f
complete -c gw -n "not __fish_seen_subcommand_from $gw_commands" -l version -d 'Print the version'
complete -c gw -l allow-external-refs -d "Let \$ref read files outside the spec's directory"
complete -c gw -n "not __fish_seen_subcommand_from $gw_commands" -s h -l help -d 'Print help'
complete -c gw -n "not __fish_seen_subcommand_from $gw_commands" -a serve -d 'Serve an API on a local port'
complete -c gw -n "not __fish_seen_subcommand_from $gw_commands" -a invoke -d 'Send one request through the gateway'
complete -c gw -n "not __fish_seen_subcommand_from $gw_commands" -a routes -d 'List the routes an API serves'
complete -c gw -n "not __fish_seen_subcommand_from $gw_commands" -a replay -d 'Replay recorded traffic and compare'
complete -c gw -n "not __fish_seen_subcommand_from $gw_commands" -a usage -d 'Show usage-plan quota counters'
complete -c gw -n "not __fish_seen_subcommand_from $gw_commands" -a lint -d 'Find API Gateway mistakes before deploying'
complete -c gw -n "not __fish_seen_subcommand_from $gw_commands" -a deploy -d 'Snapshot the API and point a stage at it'
complete -c gw -n "not __fish_seen_subcommand_from $gw_commands" -a stages -d 'List stages, deployments and drift'

# The spec file, for every command.
complete -c gw -n "__fish_seen_subcommand_from $gw_commands" -k -a '(__gw_spec_files)'

# serve
complete -c gw -n "__fish_seen_subcommand_from serve" -s p -l port -x -d 'Port to listen on'
complete -c gw -n "__fish_seen_subcommand_from serve" -l host -x -d 'Address to listen on'
complete -c gw -n "__fish_seen_subcommand_from serve" -l stage -x -d 'Serve this stage alone'
complete -c gw -n "__fish_seen_subcommand_from serve" -l config -r -F -d 'x-gw configuration file'
complete -c gw -n "__fish_seen_subcommand_from serve" -l state-dir -x -a '(__fish_complete_directories)' -d 'Deployments directory'
complete -c gw -n "__fish_seen_subcommand_from serve" -l threads -x -d 'Worker threads'
complete -c gw -n "__fish_seen_subcommand_from serve" -l no-watch -d 'Do not reload on changes'
complete -c gw -n "__fish_seen_subcommand_from serve" -l log-format -x -a 'text json' -d 'Request lines as text or JSON'
complete -c gw -n "__fish_seen_subcommand_from serve" -l admin-port -x -d 'Serve /dashboard and /metrics on loopback'
complete -c gw -n "__fish_seen_subcommand_from serve" -l record -r -F -d 'Append every exchange to FILE'
complete -c gw -n "__fish_seen_subcommand_from serve" -l redact -d 'Mask credentials in the recording'
complete -c gw -n "__fish_seen_subcommand_from serve" -l redact-header -x -d 'Also mask this header'
complete -c gw -n "__fish_seen_subcommand_from serve" -l tls -d 'Serve HTTPS too, from the local CA'
complete -c gw -n "__fish_seen_subcommand_from serve" -l cert -r -F -d 'PEM certificate for HTTPS'
complete -c gw -n "__fish_seen_subcommand_from serve" -l key -r -F -d 'PEM private key of --cert'
complete -c gw -n "__fish_seen_subcommand_from serve" -l seed -x -d 'Seed the random source (request ids, canary picks)'

# invoke
complete -c gw -n "__fish_seen_subcommand_from invoke" -s H -l header -x -d 'Request header'
complete -c gw -n "__fish_seen_subcommand_from invoke" -s d -l data -r -F -d 'Request body or @FILE'
complete -c gw -n "__fish_seen_subcommand_from invoke" -l stage -x -d 'Serve this stage alone'
complete -c gw -n "__fish_seen_subcommand_from invoke" -l config -r -F -d 'x-gw configuration file'
complete -c gw -n "__fish_seen_subcommand_from invoke" -l json -d 'Print the response as JSON'
complete -c gw -n "__fish_seen_subcommand_from invoke" -l trace -d 'Print the trace to stderr'
complete -c gw -n "__fish_seen_subcommand_from invoke" -a 'GET POST PUT PATCH DELETE HEAD OPTIONS'

# routes
complete -c gw -n "__fish_seen_subcommand_from routes" -l config -r -F -d 'x-gw configuration file'
complete -c gw -n "__fish_seen_subcommand_from routes" -l json -d 'Print a JSON array'

# replay
complete -c gw -n "__fish_seen_subcommand_from replay" -l stage -x -d 'Serve this stage alone'
complete -c gw -n "__fish_seen_subcommand_from replay" -l config -r -F -d 'x-gw configuration file'
complete -c gw -n "__fish_seen_subcommand_from replay" -l live -d 'Call the real integrations'
complete -c gw -n "__fish_seen_subcommand_from replay" -s j -l jobs -x -d 'Threads'
complete -c gw -n "__fish_seen_subcommand_from replay" -l shard -x -d 'Replay part I of N (I/N)'
complete -c gw -n "__fish_seen_subcommand_from replay" -l filter -x -d 'Only routes matching this glob'
complete -c gw -n "__fish_seen_subcommand_from replay" -l ignore-header -x -d 'Do not compare this header'
complete -c gw -n "__fish_seen_subcommand_from replay" -l report -x -a 'junit tap json' -d 'Report format'
complete -c gw -n "__fish_seen_subcommand_from replay" -l out -r -F -d 'Report file'
complete -c gw -n "__fish_seen_subcommand_from replay" -l update -d 'Rewrite the recorded responses'
complete -c gw -n "__fish_seen_subcommand_from replay" -k -a '(__fish_complete_suffix .jsonl; __fish_complete_suffix .har)'

# usage
complete -c gw -n "__fish_seen_subcommand_from usage" -l config -r -F -d 'x-gw configuration file'
complete -c gw -n "__fish_seen_subcommand_from usage" -l state-dir -x -a '(__fish_complete_directories)' -d 'State directory'
complete -c gw -n "__fish_seen_subcommand_from usage" -l key -x -d 'Only this API key'
complete -c gw -n "__fish_seen_subcommand_from usage" -l json -d 'Print stable JSON'

# lint
complete -c gw -n "__fish_seen_subcommand_from lint" -l format -x -a 'text json sarif github' -d 'Output format'
complete -c gw -n "__fish_seen_subcommand_from lint" -l fail-on -x -a 'error warning info' -d 'Lowest failing severity'
complete -c gw -n "__fish_seen_subcommand_from lint" -l lint-config -r -F -d 'Lint configuration'
complete -c gw -n "__fish_seen_subcommand_from lint" -l config -r -F -d 'x-gw configuration file'
complete -c gw -n "__fish_seen_subcommand_from lint" -l state-dir -x -a '(__fish_complete_directories)' -d 'Deployments directory'
complete -c gw -n "__fish_seen_subcommand_from lint" -l disable -x -a '(gw lint --list-rules 2>/dev/null | string match -r "^\\S+-\\S+")' -d 'Turn a rule off'
complete -c gw -n "__fish_seen_subcommand_from lint" -l probe -d 'Invoke local Lambda proxy functions'
complete -c gw -n "__fish_seen_subcommand_from lint" -l list-rules -d 'List every rule'
complete -c gw -n "__fish_seen_subcommand_from lint" -l explain -x -a '(gw lint --list-rules 2>/dev/null | string match -r "^\\S+-\\S+")' -d 'Print a rule doc'

# deploy
complete -c gw -n "__fish_seen_subcommand_from deploy" -l stage -x -d 'Stage to deploy to'
complete -c gw -n "__fish_seen_subcommand_from deploy" -l description -x -d 'Deployment description'
complete -c gw -n "__fish_seen_subcommand_from deploy" -l config -r -F -d 'x-gw configuration file'
complete -c gw -n "__fish_seen_subcommand_from deploy" -l state-dir -x -a '(__fish_complete_directories)' -d 'Deployments directory'
complete -c gw -n "__fish_seen_subcommand_from deploy" -l json -d 'Print the deployment as JSON'
complete -c gw -n "__fish_seen_subcommand_from deploy" -l canary -x -d 'Make the snapshot the stage canary (PERCENT)'
complete -c gw -n "__fish_seen_subcommand_from deploy" -l canary-variable -x -d 'NAME=VALUE the canary overrides'
complete -c gw -n "__fish_seen_subcommand_from deploy" -l canary-use-stage-cache -d 'The canary uses the stage cache'

# stages
complete -c gw -n "__fish_seen_subcommand_from stages" -l config -r -F -d 'x-gw configuration file'
complete -c gw -n "__fish_seen_subcommand_from stages" -l state-dir -x -a '(__fish_complete_directories)' -d 'Deployments directory'
complete -c gw -n "__fish_seen_subcommand_from stages" -l json -d 'Print a JSON array'
complete -c gw -n "__fish_seen_subcommand_from stages; and not __fish_seen_subcommand_from promote rollback" -a promote -d "Promote the stage's canary"
complete -c gw -n "__fish_seen_subcommand_from stages; and not __fish_seen_subcommand_from promote rollback" -a rollback -d "Remove the stage's canary"
complete -c gw -n "__fish_seen_subcommand_from promote rollback" -l stage -x -d 'The stage whose canary it is'

complete -c gw -n "__fish_seen_subcommand_from $gw_commands" -s h -l help -d 'Print help'

# token
complete -c gw -n "not __fish_seen_subcommand_from $gw_commands" -a token -d 'Print a JWT signed by the development issuer'
complete -c gw -n "__fish_seen_subcommand_from token" -l state-dir -x -a '(__fish_complete_directories)' -d 'State directory holding the issuer key'
complete -c gw -n "__fish_seen_subcommand_from token" -l issuer -x -d 'The iss claim'
complete -c gw -n "__fish_seen_subcommand_from token" -l sub -x -d 'The sub claim'
complete -c gw -n "__fish_seen_subcommand_from token" -l aud -x -d 'An aud value (repeatable)'
complete -c gw -n "__fish_seen_subcommand_from token" -l scope -x -d 'A scope (repeatable)'
complete -c gw -n "__fish_seen_subcommand_from token" -l claim -x -d 'Another claim KEY=VALUE'
complete -c gw -n "__fish_seen_subcommand_from token" -l expires-in -x -d 'Lifetime: 90s, 15m, 1h, 2d'
complete -c gw -n "__fish_seen_subcommand_from token" -l token-use -x -a 'id access' -d 'Cognito token_use'
complete -c gw -n "__fish_seen_subcommand_from token" -l client-id -x -d 'The client_id claim'
complete -c gw -n "__fish_seen_subcommand_from token" -l jwks -d 'Print the JWKS instead'
complete -c gw -n "__fish_seen_subcommand_from token" -l decode -d 'Also print the claims'
complete -c gw -n "__fish_seen_subcommand_from token" -s h -l help -d 'Print help'
complete -c gw -n "__fish_seen_subcommand_from token" -k -a '(__gw_spec_files)'
