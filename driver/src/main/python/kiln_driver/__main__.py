"""`python -m kiln_driver`: connect to the driver JVM and serve commands until it says stop."""
from kiln_driver.bridge import main

main()
