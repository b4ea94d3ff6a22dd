#!/bin/bash
# The `java` a pool instance's Worker runs (its JAVA_HOME points here). An executor launch is handed
# to the instance's warm standby executor JVM, if one is ready and takes it; anything else, and any
# failure on the way, runs the real java with the same arguments.
real=@REAL_JAVA@
standby=@STANDBY_DIR@
claim="$standby/claimed.$$"
if mv "$standby/ready" "$claim" 2>/dev/null && read -r port token < "$claim" \
    && exec 3<>"/dev/tcp/127.0.0.1/$port"; then
  rm -f "$claim"
  {
    printf 'kiln-standby %s\n%s\n%s\n%s\n' "$token" "$$" "$PWD" "$#"
    printf '%s\0' "$@"
    env -0
    printf '\0'
  } >&3
  IFS= read -r -u 3 answer || answer=no
  if [[ $answer == ok ]]; then
    # The Worker stops an executor with SIGTERM: the standby exits as an executor JVM would.
    trap 'printf "TERM\n" >&3' TERM INT
    while :; do
      if IFS= read -r -u 3 line; then
        case $line in "exit "*) exit "${line#exit }" ;; esac
      elif (($? > 128)); then
        continue # a trapped signal interrupted the read
      else
        exit 1 # the standby ended without saying how
      fi
    done
  fi
  exec 3>&-
fi
rm -f "$claim"
exec "$real" "$@"
