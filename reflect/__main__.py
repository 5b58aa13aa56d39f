from reflect.cli import main

raise SystemExit(main())
