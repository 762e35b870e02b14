"""Fixed name lists; every person, street and organisation is a synthetic combination of them."""

from __future__ import annotations

import random

FEMALE = (
    "Amy", "Anjali", "Beth", "Bronwen", "Carla", "Chloe", "Claire", "Dawn", "Demi", "Eden", "Eleanor", "Ellie",
    "Emma", "Erin", "Fatima", "Freya", "Gemma", "Grace", "Hannah", "Holly", "Imogen", "Isla", "Jade", "Jasmine",
    "Joanne", "Julie", "Karen", "Kayleigh", "Lauren", "Leah", "Lily", "Lucy", "Maisie", "Margaret", "Maria",
    "Megan", "Mia", "Mila", "Nadia", "Naomi", "Nicola", "Olivia", "Paige", "Pauline", "Poppy", "Priya", "Rachel",
    "Rebecca", "Rosie", "Ruby", "Sadia", "Sarah", "Shannon", "Sophie", "Stacey", "Susan", "Tanya", "Tracey",
    "Valerie", "Wendy", "Yasmin", "Zara", "Zofia",
)
MALE = (
    "Aaron", "Adam", "Aiden", "Alfie", "Amir", "Andrew", "Arjun", "Barry", "Ben", "Brian", "Callum", "Carl",
    "Connor", "Craig", "Daniel", "Darren", "Dean", "Dennis", "Dylan", "Ethan", "Finley", "Gareth", "Gary",
    "George", "Harry", "Harvey", "Imran", "Jack", "Jake", "Jamal", "Jason", "Jordan", "Kai", "Keith", "Kyle",
    "Lee", "Leo", "Lewis", "Liam", "Luke", "Marcus", "Mark", "Mason", "Michael", "Nathan", "Neil", "Noah",
    "Oliver", "Oscar", "Paul", "Piotr", "Rajan", "Reece", "Ryan", "Samuel", "Scott", "Simon", "Stuart", "Theo",
    "Tom", "Tyler", "Wayne", "Zain",
)
NEUTRAL = ("Alex", "Ash", "Charlie", "Frankie", "Jamie", "Jess", "Jo", "Morgan", "Robin", "Sam", "Sky", "Taylor")
FAMILY = (
    "Abbott", "Acheson", "Ashworth", "Bakshi", "Barlow", "Baxter", "Bellamy", "Birch", "Blake", "Bowden", "Brennan",
    "Briggs", "Bryant", "Cartwright", "Chaudhry", "Clegg", "Coates", "Collier", "Corbett", "Crane", "Dale",
    "Davenport", "Dixon", "Doyle", "Draper", "Dunmore", "Ellwood", "Emberton", "Farrow", "Fenwick", "Finch",
    "Fletcher", "Foley", "Frost", "Garner", "Gill", "Goddard", "Grainger", "Hale", "Halsey", "Hartley", "Hayward",
    "Heath", "Holloway", "Horne", "Hussain", "Ingram", "Jarvis", "Kaur", "Keane", "Kemp", "Kendall", "Kowal",
    "Lacey", "Lambert", "Larkin", "Lister", "Lowe", "Maddox", "Marsh", "Mehta", "Mercer", "Milne", "Moss",
    "Nash", "Newell", "Noble", "Nowak", "Okafor", "Oakley", "Orchard", "Osei", "Parry", "Pearce", "Pike", "Pryce",
    "Quinn", "Radley", "Rahman", "Reeve", "Rigby", "Royle", "Sadler", "Sandford", "Sharpe", "Shaw", "Singh",
    "Slater", "Stone", "Sutton", "Tanner", "Thorne", "Tovey", "Tranter", "Underwood", "Vance", "Varga", "Wade",
    "Walsh", "Warren", "Webb", "Whitlock", "Wilde", "Winter", "Wren", "Yates", "Yeoman",
)
STREETS = (
    "Alder", "Ash", "Beacon", "Beech", "Bramble", "Brook", "Castle", "Cedar", "Chapel", "Cherry", "Church",
    "Clover", "Cross", "Dove", "Elm", "Fen", "Ferry", "Field", "Forge", "Fox", "Garden", "Glebe", "Hawthorn",
    "Hazel", "Heron", "High", "Holly", "Kestrel", "Lark", "Laurel", "Lime", "Maple", "Meadow", "Mill", "Moor",
    "Oak", "Orchard", "Osier", "Park", "Poplar", "Priory", "Quarry", "Rectory", "Reed", "Rowan", "School",
    "Sedge", "Spring", "Station", "Swan", "Sycamore", "Thistle", "Wharf", "Willow", "Wren", "Yew",
)
SUFFIXES = ("Road", "Street", "Lane", "Close", "Way", "Avenue", "Drive", "Gardens", "Court", "Crescent", "Walk")
BLOCKS = ("House", "Court", "Lodge", "Place", "Heights", "Mews")
PROVIDERS = ("Community Homes", "Housing Trust", "Homes Partnership", "Housing Association", "Living")
INWARD = "ABDEFGHJLNPQRSTUWXYZ"


def given_name(rng: random.Random, sex: str) -> str:
    """Return a given name fitting the recorded sex."""
    if sex == "female":
        return rng.choice(FEMALE)
    if sex == "male":
        return rng.choice(MALE)
    return rng.choice(NEUTRAL)


def family_name(rng: random.Random) -> str:
    """Return a family name."""
    return rng.choice(FAMILY)


def street(rng: random.Random) -> str:
    """Return a street name."""
    return f"{rng.choice(STREETS)} {rng.choice(SUFFIXES)}"


def block(rng: random.Random) -> str:
    """Return the name of a block of flats."""
    return f"{rng.choice(STREETS)} {rng.choice(BLOCKS)}"


def postcode(rng: random.Random, outward: tuple[str, ...]) -> str:
    """Return a postcode shaped like the town's (real outward code, random inward code)."""
    return f"{rng.choice(outward)} {rng.randint(1, 9)}{rng.choice(INWARD)}{rng.choice(INWARD)}"
