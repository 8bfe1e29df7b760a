# bash completion for gw                                   -*- shell-script -*-
# Install: source this file, or copy it to /usr/share/bash-completion/completions/gw

_gw_spec_files() {
  local IFS=$'\n'
  COMPREPLY+=($(compgen -f -X '!*.@(yaml|yml|json)' -- "$cur"))
  COMPREPLY+=($(compgen -d -- "$cur"))
}

_gw() {
  local cur prev words cword
  _init_completion 2>/dev/null || {
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
  }
  local commands="serve invoke routes usage replay lint deploy stages token"
  local sub="" i j
  for ((i = 1; i < cword; i++)); do
    case "${words[i]}" in
      serve|invoke|routes|usage|replay|lint|deploy|stages|token) sub="${words[i]}"; break ;;
    esac
  done

  if [[ -z "$sub" ]]; then
    COMPREPLY=($(compgen -W "$commands --help --version --allow-external-refs" -- "$cur"))
    return
  fi

  if [[ "$sub" == serve && "$prev" == --key ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
    return
  fi
  case "$prev" in
    --config|-d|--data|--record|--out|--cert) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --state-dir) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --port|-p|--host|--stage|--threads|-H|--header|--key|--redact-header|--jobs|-j|--shard|--filter|--ignore-header|--seed|--canary|--canary-variable) return ;;
    --report) COMPREPLY=($(compgen -W "junit tap json" -- "$cur")); return ;;
    --log-format) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
    --format) COMPREPLY=($(compgen -W "text json sarif github" -- "$cur")); return ;;
    --fail-on) COMPREPLY=($(compgen -W "error warning info" -- "$cur")); return ;;
    --lint-config) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --explain|--disable) COMPREPLY=($(compgen -W "$(gw lint --list-rules 2>/dev/null | awk 'NF>2 {print $1}')" -- "$cur")); return ;;
    --description) return ;;
    --issuer|--sub|--aud|--scope|--claim|--expires-in|--client-id) return ;;
    --token-use) COMPREPLY=($(compgen -W "id access" -- "$cur")); return ;;
  esac

  local flags
  case "$sub" in
    serve) flags="--port -p --host --stage --config --state-dir --threads --no-watch --log-format --admin-port --record --redact --redact-header --seed --tls --cert --key --help" ;;
    invoke) flags="--header -H --data -d --stage --config --json --trace --help" ;;
    routes) flags="--config --json --help" ;;
    replay) flags="--stage --config --live --jobs -j --shard --filter --ignore-header --report --out --update --help" ;;
    usage) flags="--config --state-dir --key --json --help" ;;
    lint) flags="--format --fail-on --lint-config --config --state-dir --disable --probe --list-rules --explain --help" ;;
    deploy) flags="--stage --description --config --state-dir --json --canary --canary-variable --canary-use-stage-cache --help" ;;
    stages) flags="--config --state-dir --json --help"
      for ((j = i + 1; j < cword; j++)); do
        case "${words[j]}" in
          promote|rollback) flags="--stage --config --state-dir --json --help" ;;
        esac
      done ;;
    token) flags="--state-dir --issuer --sub --aud --scope --claim --expires-in --token-use --client-id --jwks --decode --help" ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
    return
  fi
  # The first positional argument of every command is the spec.
  local positional=0
  for ((i = i + 1; i < cword; i++)); do
    case "${words[i]}" in
      --config|-d|--data|--state-dir|--port|-p|--host|--stage|--threads|-H|--header|--key|--cert|--record|--redact-header|--jobs|-j|--shard|--filter|--ignore-header|--report|--out|--seed|--canary|--canary-variable) ((i++)) ;;
      promote|rollback) [[ "$sub" == stages ]] || ((positional++)) ;;
      -*) ;;
      *) ((positional++)) ;;
    esac
  done
  if ((positional == 0)); then
    _gw_spec_files
    [[ "$sub" == stages && "${words[*]}" != *" promote "* && "${words[*]}" != *" rollback "* ]] &&
      COMPREPLY+=($(compgen -W "promote rollback" -- "$cur"))
  elif [[ "$sub" == replay ]]; then
    COMPREPLY=($(compgen -f -X '!*.@(jsonl|har)' -- "$cur") $(compgen -d -- "$cur"))
  elif [[ "$sub" == invoke && positional -eq 1 ]]; then
    COMPREPLY=($(compgen -W "GET POST PUT PATCH DELETE HEAD OPTIONS" -- "${cur^^}"))
  fi
}

complete -o filenames -F _gw gw
