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
  local commands="serve invoke routes"
  local sub="" i
  for ((i = 1; i < cword; i++)); do
    case "${words[i]}" in
      serve|invoke|routes) sub="${words[i]}"; break ;;
    esac
  done

  if [[ -z "$sub" ]]; then
    COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
    return
  fi

  case "$prev" in
    --config|-d|--data) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --state-dir) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --port|-p|--host|--stage|--threads|-H|--header) return ;;
  esac

  local flags
  case "$sub" in
    serve) flags="--port -p --host --stage --config --state-dir --threads --no-watch --help" ;;
    invoke) flags="--header -H --data -d --stage --config --json --trace --help" ;;
    routes) flags="--config --json --help" ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
    return
  fi
  # The first positional argument of every command is the spec.
  local positional=0
  for ((i = i + 1; i < cword; i++)); do
    case "${words[i]}" in
      --config|-d|--data|--state-dir|--port|-p|--host|--stage|--threads|-H|--header) ((i++)) ;;
      -*) ;;
      *) ((positional++)) ;;
    esac
  done
  if ((positional == 0)); then
    _gw_spec_files
  elif [[ "$sub" == invoke && positional -eq 1 ]]; then
    COMPREPLY=($(compgen -W "GET POST PUT PATCH DELETE HEAD OPTIONS" -- "${cur^^}"))
  fi
}

complete -o filenames -F _gw gw
