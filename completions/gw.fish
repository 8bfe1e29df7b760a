# fish completion for gw. Install: copy to ~/.config/fish/completions/gw.fish

set -l gw_commands serve invoke routes

function __gw_spec_files
    __fish_complete_suffix .yaml
    __fish_complete_suffix .yml
    __fish_complete_suffix .json
end

complete -c gw -f
complete -c gw -n "not __fish_seen_subcommand_from $gw_commands" -l version -d 'Print the version'
complete -c gw -n "not __fish_seen_subcommand_from $gw_commands" -s h -l help -d 'Print help'
complete -c gw -n "not __fish_seen_subcommand_from $gw_commands" -a serve -d 'Serve an API on a local port'
complete -c gw -n "not __fish_seen_subcommand_from $gw_commands" -a invoke -d 'Send one request through the gateway'
complete -c gw -n "not __fish_seen_subcommand_from $gw_commands" -a routes -d 'List the routes an API serves'

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

complete -c gw -n "__fish_seen_subcommand_from $gw_commands" -s h -l help -d 'Print help'
